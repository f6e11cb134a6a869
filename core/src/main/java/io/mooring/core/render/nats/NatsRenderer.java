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
        new NatsClusterModel(spec, names, credentials, options.images(), config.hash())
            .generateStatefulSet());
    objects.add(
        DisruptionBudgets.oneAtATime(
            NatsMetadata.of(spec, names.disruptionBudget()),
            MooringLabels.selector(spec.ref(), NatsNames.COMPONENT)));
    objects.sort(ApplyOrder.COMPARATOR);
    return new DesiredState(spec.ref(), objects);
  }
}
