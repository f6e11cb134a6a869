package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.PasswordRotation;
import io.mooring.core.spec.RedisAclUser;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.ResourcePreset;
import io.mooring.core.spec.SecretKeyRef;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a Redis app's ACL users become objects: Secrets, the ConfigMap's rules, the start env. */
class RedisAclRenderTest {
  private static final RedisSpec WITHOUT_USERS = RedisTestSpecs.seedThreeReplicas();
  private static final RedisSpec WITH_USERS =
      WITHOUT_USERS.withUsers(
          List.of(
              new RedisAclUser(
                  "app",
                  "~app:*   +@read\n+@write",
                  Optional.of(new SecretKeyRef("app-redis", "password"))),
              new RedisAclUser("Report_Reader", "%R~reports:* +@read", Optional.empty())),
          PasswordRotation.ON_DEMAND);

  private static <T extends HasMetadata> T object(DesiredState state, Class<T> type, String name) {
    return state.objects().stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void usersGetAGeneratedSecretTheirRulesInTheConfigMapAndTheirPasswordsInTheStartEnvOnly() {
    DesiredState state = RedisRenderer.render(WITH_USERS, RedisTestSpecs.OPTIONS);
    String app = WITH_USERS.ref().name();

    Secret generated = object(state, Secret.class, app + "-redis-user-report-reader");
    assertThat(generated.getData()).containsOnlyKeys(RedisUserSecret.PASSWORD_KEY);
    assertThat(generated.getMetadata().getAnnotations())
        .containsEntry(MooringLabels.GENERATED_KEYS_ANNOTATION, RedisUserSecret.PASSWORD_KEY);
    assertThat(state.objects())
        .filteredOn(o -> o.getMetadata().getName().endsWith("-redis-user-app"))
        .as("a user with a Secret of its own gets none generated")
        .isEmpty();

    ConfigMap config = object(state, ConfigMap.class, app + "-redis-config");
    assertThat(config.getData().get(RedisAclModel.USERS_FILE))
        .isEqualTo("app ~app:* +@read +@write\nReport_Reader %R~reports:* +@read\n");
    assertThat(config.getData().get("redis.conf")).contains("aclfile \"/data/users.acl\"\n");
    assertThat(config.getData().get("start.sh")).contains("sha256sum");

    StatefulSet set = object(state, StatefulSet.class, app + "-redis");
    Container start = set.getSpec().getTemplate().getSpec().getInitContainers().get(0);
    Container redis = set.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(start.getEnv())
        .extracting(EnvVar::getName)
        .contains(
            "ACL_USER_PASSWORD_0",
            "ACL_USER_PASSWORD_1",
            "ACL_USER_PREVIOUS_PASSWORD_1",
            "REDIS_PREVIOUS_PASSWORD");
    assertThat(start.getEnv())
        .filteredOn(env -> env.getName().equals("ACL_USER_PASSWORD_0"))
        .singleElement()
        .satisfies(
            env -> {
              assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("app-redis");
              assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
            });
    assertThat(start.getEnv())
        .filteredOn(env -> env.getName().startsWith("ACL_USER_PREVIOUS"))
        .allSatisfy(env -> assertThat(env.getValueFrom().getSecretKeyRef().getOptional()).isTrue());
    assertThat(redis.getEnv()).extracting(EnvVar::getName).noneMatch(n -> n.startsWith("ACL_"));
  }

  @Test
  void aGeneratedUserPasswordIsTheLiveOneOnceItExists() {
    String name = WITH_USERS.ref().name() + "-redis-user-report-reader";
    Secret first =
        object(RedisRenderer.render(WITH_USERS, RedisTestSpecs.OPTIONS), Secret.class, name);
    Secret again =
        object(
            RedisRenderer.render(
                WITH_USERS,
                RedisTestSpecs.OPTIONS.withPasswords(purpose -> "another-draw"),
                LiveSecrets.of(List.of(first))),
            Secret.class,
            name);
    assertThat(again.getData()).isEqualTo(first.getData());
  }

  @Test
  void anAppWithoutUsersHasNoUsersFileButItsServersStillLoadMooringsOwnUsers() {
    DesiredState state = RedisRenderer.render(WITHOUT_USERS, RedisTestSpecs.OPTIONS);
    ConfigMap config = object(state, ConfigMap.class, WITHOUT_USERS.ref().name() + "-redis-config");
    assertThat(config.getData()).doesNotContainKey(RedisAclModel.USERS_FILE);
    assertThat(config.getData()).containsKey(RedisAclModel.INTERNAL_USERS_FILE);
    assertThat(config.getData().get("redis.conf")).contains("aclfile \"/data/users.acl\"");
    assertThat(config.getData().get("start.sh")).contains("users.acl");
  }

  @Test
  void anAppWithoutAuthRendersNoAclFileAndNoUsersOfMoorings() {
    RedisSpec open =
        RedisTestSpecs.spec("open", 2, ResourcePreset.DEFAULT.resources(), "1Gi", "", false, false);
    DesiredState state = RedisRenderer.render(open, RedisTestSpecs.OPTIONS);
    ConfigMap config = object(state, ConfigMap.class, "open-redis-config");
    assertThat(config.getData())
        .doesNotContainKeys(RedisAclModel.USERS_FILE, RedisAclModel.INTERNAL_USERS_FILE);
    assertThat(config.getData().get("redis.conf")).doesNotContain("aclfile");
    assertThat(config.getData().get("start.sh")).doesNotContain("users.acl");
  }
}
