package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.ResourcePreset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code <name>-redis-master} selects the pods that always reach the master, and only those. */
class RedisMasterServiceRenderTest {

  @ParameterizedTest(name = "external: {0}")
  @ValueSource(booleans = {false, true})
  void withReplicasTheMasterServiceSelectsOnlyTheRoleCheckingProxy(boolean external) {
    DesiredState state = render(2, external);
    Service master = service(state, "example-redis-master");
    PodTemplateSpec proxy =
        object(state, Deployment.class, "example-redis-proxy").getSpec().getTemplate();
    PodTemplateSpec redis =
        object(state, StatefulSet.class, "example-redis").getSpec().getTemplate();

    assertThat(master.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(selects(master, proxy)).isTrue();
    assertThat(selects(master, redis)).isFalse();
    assertPortReaches(master, proxy);
    assertThat(RedisRendererGoldenTest.configMapData(state, "example-redis-proxy", "haproxy.cfg"))
        .contains("tcp-check expect string role:master")
        .contains("on-marked-down shutdown-sessions");
    if (external) {
      Service loadBalancer = service(state, "example-redis-external");
      assertThat(loadBalancer.getSpec().getSelector()).isEqualTo(master.getSpec().getSelector());
    }
  }

  @Test
  void aStandaloneRedisIsItsOwnMasterAndNeedsNoProxy() {
    DesiredState state = render(1, true);
    Service master = service(state, "example-redis-master");
    PodTemplateSpec redis =
        object(state, StatefulSet.class, "example-redis").getSpec().getTemplate();

    assertThat(selects(master, redis)).isTrue();
    assertPortReaches(master, redis);
    assertThat(state.objects()).noneMatch(o -> o.getMetadata().getName().endsWith("-proxy"));
    assertThat(service(state, "example-redis-external").getSpec().getSelector())
        .isEqualTo(master.getSpec().getSelector());
  }

  private static DesiredState render(int replicas, boolean external) {
    RedisSpec spec =
        RedisTestSpecs.spec(
            "example", replicas, ResourcePreset.DEFAULT.resources(), "1Gi", "", external, true);
    return RedisRenderer.render(spec, RedisTestSpecs.OPTIONS);
  }

  private static boolean selects(Service service, PodTemplateSpec pods) {
    Map<String, String> labels = pods.getMetadata().getLabels();
    return labels.entrySet().containsAll(service.getSpec().getSelector().entrySet());
  }

  /** The Service's named target port is a port the selected container declares. */
  private static void assertPortReaches(Service service, PodTemplateSpec pods) {
    var port = service.getSpec().getPorts().get(0);
    assertThat(port.getPort()).isEqualTo(RedisPorts.REDIS);
    List<ContainerPort> declared = pods.getSpec().getContainers().get(0).getPorts();
    assertThat(declared)
        .anySatisfy(
            p -> {
              assertThat(p.getName()).isEqualTo(port.getTargetPort().getStrVal());
              assertThat(p.getContainerPort()).isEqualTo(RedisPorts.REDIS);
            });
  }

  private static Service service(DesiredState state, String name) {
    return object(state, Service.class, name);
  }

  private static <T extends HasMetadata> T object(DesiredState state, Class<T> type, String name) {
    return io.mooring.core.testing.RenderedObjects.named(state, type, name);
  }
}
