package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.RedisNetwork;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may reach the app ({@link RedisNetwork}): with allowed sources, a NetworkPolicy over every
 * pod of the app admits those blocks on the Redis port (and the exporter's, when it is exposed) and
 * every pod of the app's own namespace on any port, so the app's clients, its Sentinels, proxy and
 * exporter keep working; its external Services accept only those blocks. With the exporter exposed,
 * a LoadBalancer in front of it.
 */
final class RedisNetworkModel {
  private final RedisContext context;

  RedisNetworkModel(RedisContext context) {
    this.context = context;
  }

  private RedisNetwork network() {
    return context.spec().network();
  }

  Optional<NetworkPolicy> generatePolicy() {
    if (!network().restricted()) {
      return Optional.empty();
    }
    Map<String, String> appPods = new LinkedHashMap<>();
    appPods.put(MooringLabels.NAME, context.spec().ref().kind().id());
    appPods.put(MooringLabels.INSTANCE, context.spec().ref().name());
    List<NetworkPolicyPeer> sources = new ArrayList<>();
    for (String block : network().allowedSources()) {
      sources.add(
          new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(block).endIpBlock().build());
    }
    List<NetworkPolicyPort> ports = new ArrayList<>();
    ports.add(port(RedisPorts.REDIS));
    if (network().exporterExternal()) {
      ports.add(port(RedisPorts.EXPORTER));
    }
    return Optional.of(
        new NetworkPolicyBuilder()
            .withMetadata(
                context.meta(context.names().networkPolicy(), RedisContext.COMPONENT_REDIS))
            .withNewSpec()
            .withNewPodSelector()
            .withMatchLabels(appPods)
            .endPodSelector()
            .withPolicyTypes("Ingress")
            .addNewIngress()
            .withFrom(new NetworkPolicyPeerBuilder().withNewPodSelector().endPodSelector().build())
            .endIngress()
            .addNewIngress()
            .withFrom(sources)
            .withPorts(ports)
            .endIngress()
            .endSpec()
            .build());
  }

  private static NetworkPolicyPort port(int number) {
    return new NetworkPolicyPortBuilder()
        .withProtocol("TCP")
        .withPort(new IntOrString(number))
        .build();
  }

  /** An external Service that accepts only the allowed sources, when there are any. */
  Service restrict(Service external) {
    if (!network().restricted()) {
      return external;
    }
    return new ServiceBuilder(external)
        .editSpec()
        .withLoadBalancerSourceRanges(network().allowedSources())
        .endSpec()
        .build();
  }

  Optional<Service> generateExporterLoadBalancer() {
    if (!network().exporterExternal()) {
      return Optional.empty();
    }
    return Optional.of(
        restrict(
            context
                .service(
                    context.names().exporterExternal(),
                    RedisContext.COMPONENT_EXPORTER,
                    "LoadBalancer",
                    "metrics",
                    RedisPorts.EXPORTER)
                .build()));
  }
}
