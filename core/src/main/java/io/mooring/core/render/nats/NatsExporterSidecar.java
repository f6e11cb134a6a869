package io.mooring.core.render.nats;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.mooring.core.render.common.ContainerImage;
import io.mooring.core.render.common.PodResources;
import java.util.List;

/**
 * The prometheus-nats-exporter beside each nats-server. It shares the pod's network, so it reads
 * the monitoring endpoints on localhost and the monitoring port never has to leave the pod; a
 * sidecar rather than one exporter per app, because each server reports only its own view (its
 * connections, its routes, its share of JetStream).
 */
final class NatsExporterSidecar {
  static final String CONTAINER = "nats-exporter";

  private NatsExporterSidecar() {}

  /**
   * {@code -jsz=all} adds per-stream and per-consumer JetStream figures (the replica lag the alerts
   * read); {@code -connz}, {@code -routez}, {@code -subz} and {@code -varz} the server's own.
   */
  static List<String> args() {
    return List.of(
        "-connz",
        "-routez",
        "-subz",
        "-varz",
        "-jsz=all",
        "-port=" + NatsPorts.METRICS,
        "http://localhost:" + NatsPorts.MONITOR);
  }

  static Container container(ContainerImage image) {
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(image.reference())
        .withArgs(args())
        .addNewPort()
        .withName(NatsPorts.METRICS_NAME)
        .withContainerPort(NatsPorts.METRICS)
        .withProtocol("TCP")
        .endPort()
        .withResources(PodResources.of("10m", "100m", "32Mi", "64Mi"))
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .withNewReadinessProbe()
        .withNewTcpSocket()
        .withPort(new IntOrString(NatsPorts.METRICS_NAME))
        .endTcpSocket()
        .withPeriodSeconds(10)
        .endReadinessProbe()
        .build();
  }
}
