package io.mooring.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mooring.core.reconcile.Trigger;
import io.mooring.daemon.Daemon;
import io.mooring.daemon.DaemonFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same broken repositories through {@code mooring sync} and through the daemon: a repository of
 * four apps is applied, then one commit breaks it in some way, and both must decide alike which
 * apps are applied, left untouched, pruned or held back by the mass-prune guard, and leave the same
 * StatefulSets behind. The daemon reads the commit incrementally, the CLI reads the whole checkout
 * with no memory of the earlier one: the rules must give one answer either way.
 */
class BrokenRepositoryDecisionsTest {
  private static final List<String> APPS = List.of("alpha", "bravo", "charlie", "delta");
  private static final Map<String, String> FIRST_COMMIT =
      files(
          "alpha.yaml", redis("alpha", "2"),
          "bravo.yaml", redis("bravo", "2"),
          "pair.yaml", redis("charlie", "2") + "---\n" + redis("delta", "2"));
  private static final Pattern STATUS_LINE =
      Pattern.compile("^redis/team-a/(\\w+): (\\w+)$", Pattern.MULTILINE);

  @TempDir Path dir;
  @RegisterExtension final SandboxCluster cluster = new SandboxCluster();

  /**
   * One commit on top of {@link #FIRST_COMMIT} and what must come of it, per app: {@code applied
   * N}, {@code untouched N}, {@code held N} (N the StatefulSet's replicas afterwards) or {@code
   * pruned}.
   */
  record Case(String name, Map<String, String> written, List<String> removed, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "a YAML error next to a valid change",
            files("alpha.yaml", redis("alpha", "3"), "bravo.yaml", "kind: [unclosed\n"),
            List.of(),
            "alpha=applied 3, bravo=untouched 2, charlie=applied 2, delta=applied 2"),
        new Case(
            "a removed file",
            Map.of(),
            List.of("bravo.yaml"),
            "alpha=applied 2, bravo=pruned, charlie=applied 2, delta=applied 2"),
        new Case(
            "a removed file while another file has an error",
            files("alpha.yaml", redis("alpha", "three")),
            List.of("bravo.yaml"),
            "alpha=untouched 2, bravo=untouched 2, charlie=applied 2, delta=applied 2"),
        new Case(
            "a spec that became invalid after being valid",
            files("bravo.yaml", redis("bravo", "three")),
            List.of(),
            "alpha=applied 2, bravo=untouched 2, charlie=applied 2, delta=applied 2"),
        new Case(
            "a file that breaks and drops one of its apps",
            files("pair.yaml", redis("charlie", "three")),
            List.of(),
            "alpha=applied 2, bravo=applied 2, charlie=untouched 2, delta=untouched 2"),
        new Case(
            "one bad document holds its whole file",
            files("pair.yaml", redis("charlie", "3") + "---\n" + redis("delta", "three")),
            List.of(),
            "alpha=applied 2, bravo=applied 2, charlie=untouched 2, delta=untouched 2"),
        new Case(
            "an app declared in a second file",
            files("copy.yaml", redis("alpha", "4")),
            List.of(),
            "alpha=untouched 2, bravo=applied 2, charlie=applied 2, delta=applied 2"),
        new Case(
            "a commit removing most apps",
            Map.of(),
            List.of("bravo.yaml", "pair.yaml"),
            "alpha=applied 2, bravo=held 2, charlie=held 2, delta=held 2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void syncAndTheDaemonDecideAlike(Case broken) throws Exception {
    Map<String, String> expected = parse(broken.expected());

    Map<String, String> bySync = throughSync(broken);
    Map<String, String> byDaemon = throughDaemon(broken);

    assertThat(Map.of("sync", bySync, "daemon", byDaemon))
        .isEqualTo(Map.of("sync", expected, "daemon", expected));
  }

  private Map<String, String> throughSync(Case broken) throws IOException {
    Path checkout = dir.resolve("checkout");
    for (Map.Entry<String, String> file : FIRST_COMMIT.entrySet()) {
      RenderCommandTest.write(checkout.resolve(file.getKey()), file.getValue());
    }
    CliRun first = cluster.cli("sync", "--kubeconfig", cluster.kubeconfig, checkout.toString());
    assertThat(first.exitCode()).as(first.out() + first.err()).isEqualTo(SyncCommand.SUCCESS);
    for (Map.Entry<String, String> file : broken.written().entrySet()) {
      RenderCommandTest.write(checkout.resolve(file.getKey()), file.getValue());
    }
    for (String removed : broken.removed()) {
      Files.delete(checkout.resolve(removed));
    }

    CliRun second = cluster.cli("sync", "--kubeconfig", cluster.kubeconfig, checkout.toString());

    Map<String, String> statuses = new TreeMap<>();
    Matcher line = STATUS_LINE.matcher(second.out());
    while (line.find()) {
      statuses.put(line.group(1), line.group(2));
    }
    return outcomes(statuses, cluster.client);
  }

  private Map<String, String> throughDaemon(Case broken) throws Exception {
    try (DaemonFixture fixture = DaemonFixture.withFiles(dir.resolve("daemon"), FIRST_COMMIT)) {
      Daemon daemon = fixture.start("data", config -> config);
      String first = fixture.repo().tip();
      await("the first commit applied")
          .atMost(Duration.ofSeconds(60))
          .until(() -> applied(daemon, first));

      String second = fixture.repo().commit(broken.written(), broken.removed(), broken.name());
      daemon.triggerSync(Trigger.WEBHOOK);
      await("the broken commit read")
          .atMost(Duration.ofSeconds(60))
          .until(() -> applied(daemon, second));

      Map<String, String> statuses = new TreeMap<>();
      daemon.apps().forEach(app -> statuses.put(app.name(), app.status()));
      return outcomes(statuses, fixture.kube());
    }
  }

  private static boolean applied(Daemon daemon, String commit) {
    return commit.equals(daemon.summary().revision());
  }

  /**
   * Each app's decision, from the status the tool reported and the StatefulSet it left. A pruned
   * app is reported synced by the CLI and leaves the daemon's status list.
   */
  private static Map<String, String> outcomes(Map<String, String> statuses, KubernetesClient kube) {
    Map<String, String> outcomes = new TreeMap<>();
    for (String app : APPS) {
      String status = statuses.get(app);
      StatefulSet set =
          kube.apps().statefulSets().inNamespace("team-a").withName(app + "-redis").get();
      if (set == null) {
        outcomes.put(app, status == null || status.equals("synced") ? "pruned" : status + " gone");
        continue;
      }
      String decision =
          switch (String.valueOf(status)) {
            case "synced" -> "applied";
            case "invalid" -> "untouched";
            case "blocked" -> "held";
            default -> String.valueOf(status);
          };
      outcomes.put(app, decision + " " + set.getSpec().getReplicas());
    }
    return outcomes;
  }

  private static Map<String, String> parse(String expected) {
    Map<String, String> outcomes = new TreeMap<>();
    for (String entry : expected.split(", ", -1)) {
      String[] parts = entry.split("=", 2);
      outcomes.put(parts[0], parts[1]);
    }
    return outcomes;
  }

  private static Map<String, String> files(String... pathsAndContents) {
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      files.put(pathsAndContents[i], pathsAndContents[i + 1]);
    }
    return files;
  }

  private static String redis(String name, String replicas) {
    return """
        apiVersion: apps.cozystack.io/v1alpha1
        kind: Redis
        metadata:
          name: %s
          namespace: team-a
        spec:
          replicas: %s
        """
        .formatted(name, replicas);
  }
}
