package io.mooring.core.render.redis;

import static io.mooring.core.testing.RenderedObjects.named;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.PasswordRotation;
import io.mooring.core.spec.RedisAclUser;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.SecretKeyRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redis pod or Sentinel that restarts while a rotation is in flight starts from the Secrets as
 * they are then: its start script gets every password they hold for each user (current, new and
 * previous) and writes them all, as hashes, so the restarted server takes whichever one its peers
 * and clients use; the passwords it logs in with itself stay the current ones.
 */
class RestartMidRotationRenderTest {
  private static final RedisSpec APP =
      RedisTestSpecs.seedThreeReplicas()
          .withUsers(
              List.of(
                  new RedisAclUser("reports", "~reports:* +@read", Optional.empty()),
                  new RedisAclUser(
                      "app", "~app:* +@all", Optional.of(new SecretKeyRef("app-redis", "pw")))),
              PasswordRotation.ON_DEMAND);
  private static final RedisNames NAMES = new RedisNames(APP.ref(), "cluster.local");
  private static final DesiredState STATE = RedisRenderer.render(APP, RedisTestSpecs.OPTIONS);
  private static final String USER_SECRET = NAMES.userSecret(APP.aclUsers().get(0));

  @TempDir Path dir;

  /** Each variable of {@code container} read from a Secret, as {@code secret/key} (optional?). */
  private static Map<String, String> secretRefs(Container container) {
    Map<String, String> refs = new LinkedHashMap<>();
    for (EnvVar env : container.getEnv()) {
      if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
        SecretKeySelector ref = env.getValueFrom().getSecretKeyRef();
        refs.put(
            env.getName(),
            ref.getName()
                + "/"
                + ref.getKey()
                + (Boolean.TRUE.equals(ref.getOptional()) ? " optional" : ""));
      }
    }
    return refs;
  }

  private static Container redisStart() {
    return named(STATE, StatefulSet.class, NAMES.redis())
        .getSpec()
        .getTemplate()
        .getSpec()
        .getInitContainers()
        .get(0);
  }

  private static Container sentinel() {
    return named(STATE, Deployment.class, NAMES.sentinel())
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }

  @Test
  void theRedisPodsStartScriptReadsEveryKeyARotationKeepsAPasswordUnder() {
    String auth = NAMES.authSecret();
    Map<String, String> refs = secretRefs(redisStart());
    for (RedisInternalUser user : RedisInternalUsers.ALL) {
      String base = user.env().replace("_PASSWORD", "");
      assertThat(refs)
          .containsEntry(user.env(), auth + "/" + user.secretKey())
          .containsEntry(base + "_NEXT_PASSWORD", auth + "/next-" + user.secretKey() + " optional")
          .containsEntry(
              base + "_PREVIOUS_PASSWORD", auth + "/previous-" + user.secretKey() + " optional");
    }
    assertThat(refs)
        .containsEntry("REDIS_NEXT_PASSWORD", auth + "/next-redis-password optional")
        .containsEntry("REDIS_PREVIOUS_PASSWORD", auth + "/previous-redis-password optional")
        .containsEntry("ACL_USER_PASSWORD_0", USER_SECRET + "/password")
        .containsEntry("ACL_USER_NEXT_PASSWORD_0", USER_SECRET + "/next-password optional")
        .containsEntry("ACL_USER_PREVIOUS_PASSWORD_0", USER_SECRET + "/previous-password optional")
        .as("a user with a Secret of its own is not rotated by Mooring")
        .containsEntry("ACL_USER_PASSWORD_1", "app-redis/pw")
        .doesNotContainKeys("ACL_USER_NEXT_PASSWORD_1", "ACL_USER_PREVIOUS_PASSWORD_1");
  }

  @Test
  void aSentinelReadsEveryPasswordOfTheUsersLivingOnItAndOnlyTheCurrentOneItLogsInWith() {
    String auth = NAMES.authSecret();
    assertThat(secretRefs(sentinel()))
        .containsOnly(
            Map.entry("REDIS_PASSWORD", auth + "/redis-password"),
            Map.entry("REDIS_NEXT_PASSWORD", auth + "/next-redis-password optional"),
            Map.entry("REDIS_PREVIOUS_PASSWORD", auth + "/previous-redis-password optional"),
            Map.entry("MOORING_SENTINEL_PASSWORD", auth + "/mooring-sentinel-password"),
            Map.entry("MOORING_EXPORTER_PASSWORD", auth + "/mooring-exporter-password"),
            Map.entry(
                "MOORING_EXPORTER_NEXT_PASSWORD",
                auth + "/next-mooring-exporter-password optional"),
            Map.entry(
                "MOORING_EXPORTER_PREVIOUS_PASSWORD",
                auth + "/previous-mooring-exporter-password optional"),
            Map.entry("MOORING_OPERATOR_PASSWORD", auth + "/mooring-operator-password"),
            Map.entry(
                "MOORING_OPERATOR_NEXT_PASSWORD",
                auth + "/next-mooring-operator-password optional"),
            Map.entry(
                "MOORING_OPERATOR_PREVIOUS_PASSWORD",
                auth + "/previous-mooring-operator-password optional"));
    String script = named(STATE, ConfigMap.class, NAMES.sentinelConfig()).getData().get("start.sh");
    assertThat(script)
        .as("the Sentinels log in with the current passwords only")
        .contains("echo \"sentinel sentinel-pass $REDIS_PASSWORD\"")
        .contains("echo \"sentinel auth-pass $MASTER_NAME $MOORING_SENTINEL_PASSWORD\"")
        .contains("echo \"user default on $(acl_passwords_of REDIS_PASSWORD) ~* &* +@all\"")
        .doesNotContain("requirepass")
        .doesNotContain("@@");
  }

  @Test
  void aPodStartedBeforeTheSwitchTakesTheCurrentAndTheNewPasswordsAsHashesOnly() throws Exception {
    Map<String, String> secrets = new LinkedHashMap<>();
    for (RedisInternalUser user : RedisInternalUsers.ALL) {
      secrets.put(user.env(), "current-" + user.name());
      secrets.put(user.env().replace("_PASSWORD", "_NEXT_PASSWORD"), "next-" + user.name());
    }
    secrets.put("REDIS_PASSWORD", "current-default");
    secrets.put("REDIS_NEXT_PASSWORD", "next-default");
    secrets.put("ACL_USER_PASSWORD_0", "current-reports");
    secrets.put("ACL_USER_NEXT_PASSWORD_0", "next-reports");
    secrets.put("ACL_USER_PASSWORD_1", "own-app");

    String acl = writeAclFile(secrets);

    assertThat(acl.lines())
        .as("default, Mooring's own and the spec's users")
        .hasSize(3 + RedisInternalUsers.ALL.size());
    assertThat(userLine(acl, "default")).contains(hashes("current-default", "next-default"));
    for (RedisInternalUser user : RedisInternalUsers.ALL) {
      assertThat(userLine(acl, user.name()))
          .contains(hashes("current-" + user.name(), "next-" + user.name()) + " " + user.rules());
    }
    assertThat(userLine(acl, "reports")).contains(hashes("current-reports", "next-reports"));
    assertThat(userLine(acl, "app")).contains(hashes("own-app") + " ~app:* +@all");
    for (String password : secrets.values()) {
      assertThat(acl).doesNotContain(password);
    }
  }

  @Test
  void aPodStartedInTheOverlapTakesTheCurrentAndThePreviousPasswordsAndEachOnce() throws Exception {
    Map<String, String> secrets = new LinkedHashMap<>();
    for (RedisInternalUser user : RedisInternalUsers.ALL) {
      secrets.put(user.env(), "current-" + user.name());
    }
    secrets.put("MOORING_OPERATOR_PREVIOUS_PASSWORD", "previous-operator");
    // A previous password equal to the current one (a step taken twice) is written once.
    secrets.put("MOORING_REPLICATION_PREVIOUS_PASSWORD", "current-mooring-replication");
    secrets.put("REDIS_PASSWORD", "current-default");
    secrets.put("REDIS_PREVIOUS_PASSWORD", "previous-default");
    secrets.put("ACL_USER_PASSWORD_0", "current-reports");
    secrets.put("ACL_USER_PREVIOUS_PASSWORD_0", "previous-reports");
    secrets.put("ACL_USER_PASSWORD_1", "own-app");

    String acl = writeAclFile(secrets);

    assertThat(userLine(acl, "default"))
        .contains("on " + hashes("current-default", "previous-default") + " ~*");
    assertThat(userLine(acl, "mooring-operator"))
        .contains("on " + hashes("current-mooring-operator", "previous-operator") + " ");
    assertThat(userLine(acl, "mooring-replication"))
        .contains("on " + hashes("current-mooring-replication") + " +psync");
    assertThat(userLine(acl, "mooring-exporter"))
        .contains("on " + hashes("current-mooring-exporter") + " ~*");
    assertThat(userLine(acl, "reports"))
        .contains("on " + hashes("current-reports", "previous-reports") + " ~reports:*");
  }

  private static String userLine(String acl, String user) {
    return acl.lines()
        .filter(line -> line.startsWith("user " + user + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line for " + user + " in\n" + acl));
  }

  /** The ACL rules of these passwords, as Redis checks them: their SHA-256 in hex. */
  private static String hashes(String... passwords) throws Exception {
    List<String> rules = new ArrayList<>();
    for (String password : passwords) {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
      rules.add("#" + HexFormat.of().formatHex(digest));
    }
    return String.join(" ", rules);
  }

  /**
   * The rendered start script's ACL part run with /bin/sh, the ConfigMap's users files where the
   * pod mounts them and {@code env} as the kubelet resolved it; returns the file written.
   */
  private String writeAclFile(Map<String, String> env) throws IOException, InterruptedException {
    Path etc = Files.createDirectories(dir.resolve("etc"));
    Map<String, String> config = named(STATE, ConfigMap.class, NAMES.redisConfig()).getData();
    Files.writeString(etc.resolve(RedisAclModel.USERS_FILE), config.get(RedisAclModel.USERS_FILE));
    Files.writeString(
        etc.resolve(RedisAclModel.INTERNAL_USERS_FILE),
        config.get(RedisAclModel.INTERNAL_USERS_FILE));
    String start = config.get("start.sh");
    String part = RedisAclFiles.startScriptPart();
    assertThat(start).as("the start script ends with the ACL part").endsWith(part);
    Path script = dir.resolve("acl.sh");
    Files.writeString(
        script,
        "set -eu\nDATA_DIR='"
            + dir
            + "'\nlog() { echo \"$*\" >&2; }\n"
            + part.replace("/etc/mooring/", etc + "/"));
    ProcessBuilder builder =
        new ProcessBuilder("sh", script.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("acl.log").toFile());
    builder.environment().keySet().removeIf(key -> key.contains("PASSWORD"));
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue())
        .as(Files.readString(dir.resolve("acl.log"), StandardCharsets.UTF_8))
        .isZero();
    return Files.readString(dir.resolve("users.acl"), StandardCharsets.UTF_8);
  }
}
