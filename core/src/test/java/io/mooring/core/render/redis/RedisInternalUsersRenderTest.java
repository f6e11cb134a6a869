package io.mooring.core.render.redis;

import static io.mooring.core.testing.RenderedObjects.decoded;
import static io.mooring.core.testing.RenderedObjects.named;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.spec.RedisSpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Mooring's own users as a Sentinel-topology app renders them: passwords in the auth Secret only,
 * kept across renders; names and rules in the ConfigMaps; each container given only the passwords
 * of the users it logs in as.
 */
class RedisInternalUsersRenderTest {
  private static final RedisSpec APP = RedisTestSpecs.seedThreeReplicas();
  private static final RedisNames NAMES = new RedisNames(APP.ref(), "cluster.local");

  /** The auth Secret's keys each variable of {@code container} reads, by variable. */
  private static Map<String, String> secretKeys(Container container) {
    return container.getEnv().stream()
        .filter(env -> env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null)
        .filter(env -> env.getValueFrom().getSecretKeyRef().getName().equals(NAMES.authSecret()))
        .collect(
            java.util.stream.Collectors.toMap(
                EnvVar::getName, env -> env.getValueFrom().getSecretKeyRef().getKey()));
  }

  @Test
  void theAuthSecretHoldsAPasswordPerUserThatARenderWithTheSecretLiveKeeps() {
    Secret first =
        named(RedisRenderer.render(APP, RedisTestSpecs.OPTIONS), Secret.class, NAMES.authSecret());
    assertThat(first.getData())
        .containsOnlyKeys(
            RedisAuthSecret.PASSWORD_KEY,
            "mooring-replication-password",
            "mooring-sentinel-password",
            "mooring-exporter-password",
            "mooring-operator-password");
    assertThat(first.getData().values()).doesNotHaveDuplicates();

    Secret again =
        named(
            RedisRenderer.render(
                APP,
                RedisTestSpecs.OPTIONS.withPasswords(purpose -> "another-draw"),
                LiveSecrets.of(List.of(first))),
            Secret.class,
            NAMES.authSecret());
    assertThat(again.getData()).isEqualTo(first.getData());
  }

  @Test
  void anAppCreatedBeforeTheUsersExistedKeepsItsPasswordAndGetsTheirs() {
    Secret old =
        new SecretBuilder()
            .withNewMetadata()
            .withName(NAMES.authSecret())
            .endMetadata()
            .withData(
                Map.of(
                    RedisAuthSecret.PASSWORD_KEY,
                    Base64.getEncoder()
                        .encodeToString("the-apps-password".getBytes(StandardCharsets.UTF_8))))
            .build();
    Secret rendered =
        named(
            RedisRenderer.render(APP, RedisTestSpecs.OPTIONS, LiveSecrets.of(List.of(old))),
            Secret.class,
            NAMES.authSecret());
    assertThat(decoded(rendered, RedisAuthSecret.PASSWORD_KEY)).isEqualTo("the-apps-password");
    for (RedisInternalUser user : RedisInternalUsers.ALL) {
      assertThat(decoded(rendered, user.secretKey())).isNotEqualTo("the-apps-password").hasSize(40);
    }
  }

  @Test
  void theConfigMapsNameTheUsersAndTheirRulesAndTheScriptsLogReplicationAndSentinelsInAsThem() {
    DesiredState state = RedisRenderer.render(APP, RedisTestSpecs.OPTIONS);
    Map<String, String> redis = named(state, ConfigMap.class, NAMES.redisConfig()).getData();
    assertThat(redis.get(RedisAclModel.INTERNAL_USERS_FILE).lines())
        .containsExactly(
            "mooring-replication MOORING_REPLICATION_PASSWORD +psync +replconf +ping",
            "mooring-sentinel MOORING_SENTINEL_PASSWORD " + RedisInternalUsers.SENTINEL.rules(),
            "mooring-exporter MOORING_EXPORTER_PASSWORD " + RedisInternalUsers.EXPORTER.rules(),
            "mooring-operator MOORING_OPERATOR_PASSWORD " + RedisInternalUsers.OPERATOR.rules());
    assertThat(redis.get("start.sh"))
        .contains("echo \"masteruser mooring-replication\"")
        .contains("echo \"masterauth $MOORING_REPLICATION_PASSWORD\"");

    Map<String, String> sentinel = named(state, ConfigMap.class, NAMES.sentinelConfig()).getData();
    assertThat(sentinel.get(RedisAclModel.INTERNAL_USERS_FILE).lines())
        .as("only the users that log in to Sentinels")
        .extracting(line -> line.substring(0, line.indexOf(' ')))
        .containsExactly("mooring-exporter", "mooring-operator");
    assertThat(sentinel.get("start.sh"))
        .contains("sentinel auth-user $MASTER_NAME mooring-sentinel")
        .contains("sentinel auth-pass $MASTER_NAME $MOORING_SENTINEL_PASSWORD")
        .as("applications still ask the Sentinels with the app's password")
        .contains("echo \"user default on $(acl_passwords_of REDIS_PASSWORD) ~* &* +@all\"");
  }

  @Test
  void eachContainerReadsOnlyThePasswordsOfTheUsersItLogsInAs() {
    DesiredState state = RedisRenderer.render(APP, RedisTestSpecs.OPTIONS);
    StatefulSet set = named(state, StatefulSet.class, NAMES.redis());
    Container start = set.getSpec().getTemplate().getSpec().getInitContainers().get(0);
    assertThat(secretKeys(start))
        .containsEntry("MOORING_REPLICATION_PASSWORD", "mooring-replication-password")
        .containsEntry("MOORING_SENTINEL_PASSWORD", "mooring-sentinel-password")
        .containsEntry("MOORING_EXPORTER_PASSWORD", "mooring-exporter-password")
        .containsEntry("MOORING_OPERATOR_PASSWORD", "mooring-operator-password");
    Container redis = set.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(secretKeys(redis))
        .containsOnlyKeys(RedisAuthSecret.PASSWORD_ENV, "MOORING_EXPORTER_PASSWORD");
    assertThat(String.join(" ", redis.getReadinessProbe().getExec().getCommand()))
        .contains("REDISCLI_AUTH=\"${MOORING_EXPORTER_PASSWORD:-}\"")
        .contains("--user mooring-exporter");

    Container sentinel =
        named(state, Deployment.class, NAMES.sentinel())
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(secretKeys(sentinel))
        .as("and, for the users living on it, the passwords a rotation has in flight")
        .containsOnlyKeys(
            RedisAuthSecret.PASSWORD_ENV,
            "REDIS_NEXT_PASSWORD",
            "REDIS_PREVIOUS_PASSWORD",
            "MOORING_SENTINEL_PASSWORD",
            "MOORING_EXPORTER_PASSWORD",
            "MOORING_EXPORTER_NEXT_PASSWORD",
            "MOORING_EXPORTER_PREVIOUS_PASSWORD",
            "MOORING_OPERATOR_PASSWORD",
            "MOORING_OPERATOR_NEXT_PASSWORD",
            "MOORING_OPERATOR_PREVIOUS_PASSWORD");

    Container exporter =
        named(state, Deployment.class, NAMES.exporter())
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(secretKeys(exporter))
        .containsExactly(Map.entry("REDIS_PASSWORD", "mooring-exporter-password"));
    assertThat(exporter.getEnv())
        .filteredOn(env -> env.getName().equals("REDIS_USER"))
        .extracting(EnvVar::getValue)
        .containsExactly("mooring-exporter");
  }

  @Test
  void theMasterProxyChecksTheServersAsTheMonitoringUser() {
    DesiredState state = RedisRenderer.render(APP, RedisTestSpecs.OPTIONS);
    String haproxy =
        named(state, ConfigMap.class, NAMES.masterProxy()).getData().values().iterator().next();
    assertThat(haproxy)
        .contains("tcp-check send \"AUTH mooring-exporter ${MOORING_EXPORTER_PASSWORD}\"")
        .doesNotContain("${REDIS_PASSWORD}");
  }
}
