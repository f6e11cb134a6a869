package io.mooring.core.render.rediscluster;

import static io.mooring.core.testing.RenderedObjects.decoded;
import static io.mooring.core.testing.RenderedObjects.named;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.redis.RedisAuthSecret;
import io.mooring.core.render.redis.RedisInternalUsers;
import io.mooring.core.spec.RedisClusterSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisClusterInternalUsersRenderTest {
  private static final RedisClusterSpec SPEC = RedisClusterTestSpecs.spec("c", 3, 1, true);
  private static final RedisClusterNames NAMES = new RedisClusterNames(SPEC.ref(), "cluster.local");

  private static DesiredState render(LiveSecrets live) {
    return RedisClusterRenderer.render(SPEC, RedisClusterTestSpecs.OPTIONS, live);
  }

  @Test
  void theAuthSecretHoldsAPasswordForEachOfMooringsUsersButSentinelsAndKeepsThem() {
    DesiredState first = render(LiveSecrets.NONE);
    Secret auth = named(first, Secret.class, NAMES.authSecret());

    assertThat(auth.getData())
        .containsOnlyKeys(
            RedisAuthSecret.PASSWORD_KEY,
            RedisInternalUsers.REPLICATION.secretKey(),
            RedisInternalUsers.EXPORTER.secretKey(),
            RedisInternalUsers.OPERATOR.secretKey());
    assertThat(decoded(auth, RedisInternalUsers.OPERATOR.secretKey()))
        .isNotEqualTo(decoded(auth, RedisAuthSecret.PASSWORD_KEY));
    assertThat(named(render(LiveSecrets.of(first.objects())), Secret.class, NAMES.authSecret()))
        .as("the live passwords are kept")
        .satisfies(again -> assertThat(again.getData()).isEqualTo(auth.getData()));
  }

  @Test
  void replicasLogInAsTheReplicationUserAndTheConfigMapNamesNoPassword() {
    ConfigMap config = named(render(LiveSecrets.NONE), ConfigMap.class, NAMES.config());

    assertThat(config.getData().get("start.sh"))
        .contains("echo \"masteruser mooring-replication\"")
        .contains("echo \"masterauth $MOORING_REPLICATION_PASSWORD\"");
    assertThat(config.getData().get("mooring-acl-users"))
        .contains("mooring-replication MOORING_REPLICATION_PASSWORD +psync +replconf +ping\n")
        .contains("mooring-operator MOORING_OPERATOR_PASSWORD -@all")
        .contains("mooring-exporter MOORING_EXPORTER_PASSWORD ")
        .doesNotContain("mooring-sentinel");
  }

  @Test
  void theExporterAndTheProbesLogInAsTheMonitoringUser() {
    DesiredState state = render(LiveSecrets.NONE);
    Deployment exporter = named(state, Deployment.class, NAMES.exporter());
    List<EnvVar> env = exporter.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();

    assertThat(env)
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("REDIS_USER");
              assertThat(e.getValue()).isEqualTo("mooring-exporter");
            });
    assertThat(env)
        .filteredOn(e -> e.getName().equals(RedisAuthSecret.PASSWORD_ENV))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValueFrom().getSecretKeyRef().getKey())
                    .isEqualTo(RedisInternalUsers.EXPORTER.secretKey()));
    StatefulSet shard = named(state, StatefulSet.class, NAMES.shard(0));
    assertThat(
            String.join(
                " ",
                shard
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .getReadinessProbe()
                    .getExec()
                    .getCommand()))
        .contains("MOORING_EXPORTER_PASSWORD")
        .contains("--user mooring-exporter");
  }
}
