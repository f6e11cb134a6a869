package io.mooring.core.render.nats;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.render.common.ApplyOrder;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.DisruptionBudgets;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.NatsSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders a NATS app: credentials Secret, nats.conf ConfigMap, headless and client Services, the
 * StatefulSet and its PodDisruptionBudget. Pure: the same spec, options and password source give
 * the same objects.
 */
public final class NatsRenderer {
  private NatsRenderer() {}

  /**
   * Renders the app's objects in apply order.
   *
   * @throws NatsRenderException when the spec cannot be rendered safely (see {@link
   *     NatsConfigMerge})
   */
  public static DesiredState render(NatsSpec spec, RenderOptions options) {
    if (spec.replicas() < 1) {
      throw new NatsRenderException(
          spec.source(), "spec.replicas", "must be at least 1, was " + spec.replicas());
    }
    NatsNames names = new NatsNames(spec.ref(), options.clusterDomain());
    NatsCredentials credentials = NatsCredentials.of(spec, options.passwords());
    NatsConfigModel config = new NatsConfigModel(spec, names, credentials);

    List<HasMetadata> objects = new ArrayList<>();
    objects.add(new NatsCredentialsModel(spec, names, credentials).generateSecret());
    objects.add(config.generateConfigMap());
    NatsServiceModel services = new NatsServiceModel(spec, names);
    objects.add(services.generateHeadlessService());
    objects.add(services.generateClientService());
    objects.add(
        new NatsClusterModel(spec, names, credentials, options.natsImage(), config.hash())
            .generateStatefulSet());
    objects.add(
        DisruptionBudgets.oneAtATime(
            NatsMetadata.of(spec, names.disruptionBudget()),
            MooringLabels.selector(spec.ref(), NatsNames.COMPONENT)));
    objects.sort(ApplyOrder.COMPARATOR);
    return new DesiredState(spec.ref(), objects, warnings(spec));
  }

  private static List<String> warnings(NatsSpec spec) {
    List<String> warnings = new ArrayList<>();
    if (spec.jetstream().enabled() && spec.replicas() % 2 == 0) {
      int replicas = spec.replicas();
      warnings.add(
          String.format(
              "%s: spec.replicas: even replica count with JetStream has no fault tolerance over %d replicas"
                  + " (%d peers survive only %d failure(s), as %d do); use 3 or 5",
              spec.source(), replicas - 1, replicas, (replicas - 1) / 2, replicas - 1));
    }
    if (!spec.configResolver().isEmpty() && !hasKey(spec.configMerge(), "operator")) {
      warnings.add(
          spec.source()
              + ": spec.config.resolver: a resolver works only in operator (JWT) mode; without"
              + " spec.config.merge.operator nats-server exits with \"no operator key found\"");
    }
    return warnings;
  }

  private static boolean hasKey(Map<String, Object> map, String key) {
    return map.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(key));
  }
}
