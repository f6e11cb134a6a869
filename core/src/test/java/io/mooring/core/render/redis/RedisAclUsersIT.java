package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.mooring.core.redis.RedisAclSync;
import io.mooring.core.redis.RedisCommandException;
import io.mooring.core.redis.RedisConnection;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.SpecFile;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import io.mooring.core.testing.RealBinaries;
import io.mooring.core.testing.RenderedObjects;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A RedisInstance's ACL users on a real redis-server, booted from the rendered objects: each user
 * can do what its rules allow and nothing else, the ACL file holds no password in clear, and a user
 * that leaves the spec is revoked on the running server.
 */
class RedisAclUsersIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final String APP_PASSWORD = "app-password-from-the-users-own-secret";

  private static final String SPEC =
      """
      apiVersion: cache.hera.io/v1alpha1
      kind: RedisInstance
      metadata:
        name: shop
      spec:
        acl:
          users:
            - name: app
              rules: "~app:* &app:* +@read +@write -@dangerous"
              passwordSecretRef: {name: app-redis, key: password}
            - name: reports
              rules: "%R~reports:* +@read"
      """;

  @TempDir Path root;
  private LoopbackRedisSet set;

  @BeforeEach
  void binaries() {
    RealBinaries.require("redis-server", "redis-server");
    RealBinaries.require("redis-cli", "redis-tools");
  }

  @AfterEach
  void stop() {
    if (set != null) {
      set.close();
    }
  }

  private static RedisSpec parse(String yaml) {
    var result =
        SpecParser.standard(SpecParserOptions.defaults())
            .parse(List.of(SpecFile.of("shop.yaml", yaml)));
    assertThat(result.errors()).isEmpty();
    return (RedisSpec) result.specs().get(0);
  }

  private RedisConnection login(String user, String password) {
    return RedisConnection.open(
        LoopbackRedisSet.redisAddress(0), set.redisPort, user, password, TIMEOUT);
  }

  private static String secretValue(DesiredState state, String name, String key) {
    return RenderedObjects.decoded(RenderedObjects.named(state, Secret.class, name), key);
  }

  @Test
  void aUserDoesWhatItsRulesAllowIsRefusedTheRestAndIsRevokedLiveWhenItLeavesTheSpec()
      throws Exception {
    DesiredState state = RedisRenderer.render(parse(SPEC), RedisTestSpecs.OPTIONS);
    ConfigMap config =
        state.objects().stream()
            .filter(ConfigMap.class::isInstance)
            .map(ConfigMap.class::cast)
            .findFirst()
            .orElseThrow();
    set = new LoopbackRedisSet(state, 1, root);
    set.putSecret(
        new SecretBuilder()
            .withNewMetadata()
            .withName("app-redis")
            .endMetadata()
            .withData(
                Map.of(
                    "password",
                    Base64.getEncoder()
                        .encodeToString(APP_PASSWORD.getBytes(StandardCharsets.UTF_8))))
            .build());
    set.startRedis(0);
    String reportsPassword =
        secretValue(state, "shop-redis-user-reports", RedisUserSecret.PASSWORD_KEY);

    try (RedisConnection app = login("app", APP_PASSWORD);
        RedisConnection reports = login("reports", reportsPassword);
        RedisConnection admin = login(null, set.password())) {
      assertThat(app.call("SET", "app:greeting", "hello")).isEqualTo("OK");
      assertThat(app.call("GET", "app:greeting")).isEqualTo("hello");
      assertThatThrownBy(() -> app.call("SET", "billing:total", "1"))
          .isInstanceOf(RedisCommandException.class)
          .hasMessageStartingWith("NOPERM");
      assertThatThrownBy(() -> app.call("FLUSHALL"))
          .isInstanceOf(RedisCommandException.class)
          .hasMessageStartingWith("NOPERM");
      admin.call("SET", "reports:daily", "42");
      assertThat(reports.call("GET", "reports:daily")).isEqualTo("42");
      assertThatThrownBy(() -> reports.call("SET", "reports:daily", "0"))
          .isInstanceOf(RedisCommandException.class)
          .hasMessageStartingWith("NOPERM");
      // The default user keeps the app's password: the ACL file replaced every user.
      assertThatThrownBy(() -> login(null, "not-the-password"))
          .isInstanceOf(RedisCommandException.class);

      String aclFile = Files.readString(root.resolve("redis-0/data/users.acl"));
      assertThat(aclFile)
          .doesNotContain(APP_PASSWORD)
          .doesNotContain(reportsPassword)
          .doesNotContain(set.password());
      assertThat(config.getData().toString())
          .doesNotContain(APP_PASSWORD)
          .doesNotContain(reportsPassword);

      // The spec drops "reports" and lets "app" read billing keys: both reach the server live.
      new RedisAclSync(null, set.password(), TIMEOUT)
          .apply(
              List.of(
                  new RedisAclSync.Server(
                      "shop-redis-0", LoopbackRedisSet.redisAddress(0), set.redisPort)),
              List.of(
                  new RedisAclSync.User(
                      "app",
                      "~app:* %R~billing:* +@read +@write -@dangerous",
                      List.of(APP_PASSWORD))));

      assertThat(app.call("GET", "billing:total")).isEmpty();
      assertThatThrownBy(() -> app.call("SET", "billing:total", "1"))
          .isInstanceOf(RedisCommandException.class)
          .hasMessageStartingWith("NOPERM");
      assertThatThrownBy(() -> reports.call("GET", "reports:daily"))
          .as("the removed user's open connection is closed")
          .isInstanceOf(RuntimeException.class);
      assertThatThrownBy(() -> login("reports", reportsPassword))
          .isInstanceOf(RedisCommandException.class);
      assertThat(admin.call("ACL", "USERS"))
          .as("the spec's user that left is gone; Mooring's own users stay")
          .isEqualTo(
              "app\ndefault\nmooring-exporter\nmooring-operator\nmooring-replication"
                  + "\nmooring-sentinel");
    }
  }
}
