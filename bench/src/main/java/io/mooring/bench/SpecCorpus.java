package io.mooring.bench;

import io.mooring.core.spec.AppKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * N apps, alternately Redis and NATS, spread over a few namespaces, each in its own YAML file.
 * Every app has two variants that differ in their resource preset only, so a push flips one app
 * between them.
 */
public final class SpecCorpus {
  private static final int NAMESPACES = 10;

  private final List<BenchApp> apps;

  private SpecCorpus(List<BenchApp> apps) {
    this.apps = List.copyOf(apps);
  }

  public static SpecCorpus of(int size) {
    List<BenchApp> apps = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      AppKind kind = i % 2 == 0 ? AppKind.REDIS : AppKind.NATS;
      String namespace = "team-%02d".formatted(i % NAMESPACES);
      apps.add(new BenchApp(kind, namespace, (kind == AppKind.REDIS ? "cache-" : "events-") + i));
    }
    return new SpecCorpus(apps);
  }

  public List<BenchApp> apps() {
    return apps;
  }

  public int size() {
    return apps.size();
  }

  /** Every file of the repository at its first commit: path to content. */
  public Map<String, String> files() {
    Map<String, String> files = new LinkedHashMap<>();
    apps.forEach(app -> files.put(app.path(), yaml(app, false)));
    return files;
  }

  /** The app's spec; {@code larger} picks the second resource preset. */
  public static String yaml(BenchApp app, boolean larger) {
    String header =
        """
        apiVersion: apps.cozystack.io/v1alpha1
        kind: %s
        metadata:
          name: %s
          namespace: %s
        spec:
          replicas: 2
          resourcesPreset: %s
        """
            .formatted(
                app.kind() == AppKind.REDIS ? "Redis" : "NATS",
                app.name(),
                app.namespace(),
                larger ? "small" : "nano");
    if (app.kind() == AppKind.REDIS) {
      return header
          + """
            size: 1Gi
            authEnabled: true
          """;
    }
    return header
        + """
          jetstream:
            enabled: true
            size: 1Gi
          users:
            app:
              password: "s3cret-for-bench"
        """;
  }
}
