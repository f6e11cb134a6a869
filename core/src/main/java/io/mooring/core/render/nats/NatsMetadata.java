package io.mooring.core.render.nats;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.NatsSpec;

/** Metadata of every NATS object: its name, the app's namespace and Mooring's ownership labels. */
final class NatsMetadata {
  private NatsMetadata() {}

  static ObjectMeta of(NatsSpec spec, String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(spec.ref().namespace())
        .withLabels(MooringLabels.forComponent(spec.ref(), NatsNames.COMPONENT))
        .build();
  }
}
