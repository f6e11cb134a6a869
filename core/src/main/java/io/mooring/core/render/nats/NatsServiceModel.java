package io.mooring.core.render.nats;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.NatsSpec;
import java.util.List;

/** The headless Service behind the pods' stable DNS names, and the Service clients connect to. */
final class NatsServiceModel {
  private final NatsSpec spec;
  private final NatsNames names;

  NatsServiceModel(NatsSpec spec, NatsNames names) {
    this.spec = spec;
    this.names = names;
  }

  /**
   * Publishes not-ready pods too: a starting pod must resolve its peers' names to join the cluster,
   * and a JetStream cluster only turns ready once its peers have found each other. The monitoring
   * port is not published: it reports every client connection, so only the pod's own exporter
   * sidecar reads it, and Prometheus scrapes the exporter's metrics port instead.
   */
  Service generateHeadlessService() {
    return new ServiceBuilder()
        .withMetadata(NatsMetadata.of(spec, names.headlessService()))
        .withNewSpec()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(MooringLabels.selector(spec.ref(), NatsNames.COMPONENT))
        .withPorts(
            port(NatsPorts.CLIENT_NAME, NatsPorts.CLIENT),
            port(NatsPorts.CLUSTER_NAME, NatsPorts.CLUSTER),
            port(NatsPorts.METRICS_NAME, NatsPorts.METRICS))
        .endSpec()
        .build();
  }

  /** Ready pods only; a LoadBalancer when the spec asks for access from outside the cluster. */
  Service generateClientService() {
    return new ServiceBuilder()
        .withMetadata(NatsMetadata.of(spec, names.clientService()))
        .withNewSpec()
        .withType(spec.external() ? "LoadBalancer" : "ClusterIP")
        .withSelector(MooringLabels.selector(spec.ref(), NatsNames.COMPONENT))
        .withPorts(List.of(port(NatsPorts.CLIENT_NAME, NatsPorts.CLIENT)))
        .endSpec()
        .build();
  }

  private static ServicePort port(String name, int number) {
    return new ServicePortBuilder()
        .withName(name)
        .withPort(number)
        .withTargetPort(new IntOrString(name))
        .withProtocol("TCP")
        .build();
  }
}
