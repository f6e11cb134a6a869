package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.RedisSpec;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An Aiven {@code read_replica} integration: the app's master pod follows the source app's master
 * Service, logged in with the password of the source's auth Secret, read through the environment.
 */
class ReadReplicaRenderTest {
  private static final String REPLICA =
      """
      apiVersion: aiven.io/v1alpha1
      kind: Redis
      metadata:
        name: reports
        namespace: shop
      spec:
        project: p
        plan: startup-1
        serviceIntegrations:
          - integrationType: read_replica
            sourceServiceName: orders
      """;

  @Test
  void theStartScriptFollowsTheSourcesMasterService() {
    DesiredState state = RedisRenderer.render(spec(REPLICA), RedisTestSpecs.OPTIONS);

    assertThat(startScript(state, "reports"))
        .contains("UPSTREAM='orders-redis-master.shop.svc.cluster.local'")
        .contains("echo \"replicaof $UPSTREAM $REDIS_PORT\"")
        .contains("echo \"masterauth $UPSTREAM_PASSWORD\"");
  }

  @Test
  void theSourcesPasswordComesFromItsSecretNeverFromAConfigMap() {
    DesiredState state = RedisRenderer.render(spec(REPLICA), RedisTestSpecs.OPTIONS);

    EnvVar upstream =
        redisContainer(state, "reports").getEnv().stream()
            .filter(env -> env.getName().equals(RedisReadReplicaSource.PASSWORD_ENV))
            .findFirst()
            .orElseThrow();
    assertThat(upstream.getValue()).isNull();
    assertThat(upstream.getValueFrom().getSecretKeyRef().getName()).isEqualTo("orders-redis-auth");
    assertThat(upstream.getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo(RedisAuthSecret.PASSWORD_KEY);
  }

  @Test
  void anAppOfItsOwnFollowsNoOtherApp() {
    DesiredState state =
        RedisRenderer.render(
            spec(REPLICA.replaceAll("(?s)  serviceIntegrations:.*", "")), RedisTestSpecs.OPTIONS);

    assertThat(startScript(state, "reports")).contains("UPSTREAM=''");
    assertThat(redisContainer(state, "reports").getEnv())
        .extracting(EnvVar::getName)
        .doesNotContain(RedisReadReplicaSource.PASSWORD_ENV);
  }

  private static RedisSpec spec(String yaml) {
    return AivenRenderTest.spec("shop/reports.yaml", yaml);
  }

  private static String startScript(DesiredState state, String app) {
    return Optional.ofNullable(
            AivenRenderTest.object(state, ConfigMap.class, app + "-redis-config")
                .getData()
                .get(RedisConfigModel.START_SCRIPT))
        .orElseThrow();
  }

  private static Container redisContainer(DesiredState state, String app) {
    return AivenRenderTest.object(state, StatefulSet.class, app + "-redis")
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .stream()
        .filter(container -> container.getName().equals("redis"))
        .findFirst()
        .orElseThrow();
  }
}
