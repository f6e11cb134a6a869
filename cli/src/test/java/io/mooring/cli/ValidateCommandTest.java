package io.mooring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  private static final String EXAMPLES = Path.of("..", "examples").toString();
  private static final String BROKEN_REDIS =
      """
      apiVersion: apps.cozystack.io/v1alpha1
      kind: Redis
      metadata:
        name: cache
        namespace: default
      spec:
        replicas: three
        resourcesPreset: nano
        sizee: 2Gi
      """;

  @Test
  void examplesAreValid() {
    CliRun run = run("validate", EXAMPLES);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines())
        .containsExactly(
            "../examples/apps/tenant-x/nats-complete.yaml:9:13 spec.replicas: warning: with 2 JetStream peers, losing 1"
                + " stops publishes, as with 1 (an even count adds no fault tolerance); use an odd count such as 3 or 5",
            "../examples/apps/tenant-x/nats-complete.yaml:22:17 spec.users.user1.password: warning: ignored: with"
                + " spec.config.resolver the app runs in operator (JWT) mode, where user1 logs in with the creds file"
                + " Mooring generates for it, not a password",
            "../examples/apps/tenant-x/nats.yaml:7:13 spec.replicas: warning: with 2 JetStream peers, losing 1"
                + " stops publishes, as with 1 (an even count adds no fault tolerance); use an odd count such as 3 or 5",
            "../examples/apps/tenant-y/nats-resources.yaml:10:3 spec.users: warning: no users: clients are not"
                + " authenticated; the server accepts anyone who can reach it in the cluster; add users to require a"
                + " login",
            "../examples/apps/tenant-y/nats-users.yaml:14:17 spec.users.admin.password: warning: ignored: with"
                + " spec.config.resolver the app runs in operator (JWT) mode, where admin logs in with the creds file"
                + " Mooring generates for it, not a password",
            "../examples/apps/tenant-y/nats-users.yaml:16:17 spec.users.client.password: warning: ignored: with"
                + " spec.config.resolver the app runs in operator (JWT) mode, where client logs in with the creds file"
                + " Mooring generates for it, not a password",
            "valid: 11 apps in 10 files (6 warnings)");
  }

  @Test
  void invalidSpecPrintsOneLinePerProblemAndExitsOne(@TempDir Path repo) throws IOException {
    write(repo.resolve("apps/default/cache.yaml"), BROKEN_REDIS);
    write(
        repo.resolve("apps/default/ok.yaml"),
        BROKEN_REDIS.replace("cache", "ok").replace("three", "3").replace("sizee", "size"));

    CliRun run = run("validate", repo.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out().lines())
        .containsExactly(
            repo
                + "/apps/default/cache.yaml:7:13 spec.replicas: must be an integer >= 1, got \"three\"",
            repo
                + "/apps/default/cache.yaml:9:3 spec.sizee: unknown field \"sizee\"; did you mean size?",
            "invalid: 2 errors in 1 of 2 files; 1 app valid");
  }

  @Test
  void jsonOutputCarriesTheSameProblems(@TempDir Path repo) throws IOException {
    Path file = brokenRedis(repo);

    CliRun run = run("validate", "--output", "json", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("valid").asBoolean()).isFalse();
    assertThat(json.get("files").asInt()).isEqualTo(1);
    assertThat(json.get("apps").asInt()).isZero();
    assertThat(json.get("errors")).hasSize(2);
    JsonNode first = json.get("errors").get(0);
    assertThat(first.get("file").asText()).isEqualTo(file.toString());
    assertThat(first.get("line").asInt()).isEqualTo(7);
    assertThat(first.get("column").asInt()).isEqualTo(13);
    assertThat(first.get("field").asText()).isEqualTo("spec.replicas");
    assertThat(first.get("message").asText()).isEqualTo("must be an integer >= 1, got \"three\"");
    assertThat(json.get("warnings")).isEmpty();
  }

  @Test
  void jsonOutputOfValidExamplesListsTheWarnings() throws IOException {
    CliRun run = run("validate", "--output=JSON", EXAMPLES);

    assertThat(run.exitCode()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("valid").asBoolean()).isTrue();
    assertThat(json.get("apps").asInt()).isEqualTo(11);
    assertThat(json.get("warnings")).hasSize(6);
    JsonNode ignored = json.get("warnings").get(1);
    assertThat(ignored.get("file").asText())
        .isEqualTo("../examples/apps/tenant-x/nats-complete.yaml");
    assertThat(ignored.get("line").asInt()).isEqualTo(22);
    assertThat(ignored.get("field").asText()).isEqualTo("spec.users.user1.password");
    assertThat(ignored.get("message").asText())
        .startsWith("ignored: with spec.config.resolver the app runs in operator (JWT) mode");
  }

  @Test
  void controlCharactersOfFileNamesAndKeysArePrintedEscaped(@TempDir Path repo) throws IOException {
    write(
        repo.resolve("evil\u001b[2J\n.yaml"),
        BROKEN_REDIS.replace("sizee: 2Gi", "\"sizee\\e]0;title\\a\": 2Gi"));

    CliRun run = run("validate", repo.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out().chars()).noneMatch(c -> c != '\n' && Character.isISOControl(c));
    assertThat(run.out().lines())
        .containsExactly(
            repo
                + "/evil\\u001b[2J\\n.yaml:7:13 spec.replicas: must be an integer >= 1, got \"three\"",
            repo
                + "/evil\\u001b[2J\\n.yaml:9:3 spec.sizee\\u001b]0;title\\u0007: unknown field"
                + " \"sizee\\u001b]0;title\\u0007\"; valid fields: replicas, resources,"
                + " resourcesPreset, storageClass, external, size, authEnabled",
            "invalid: 2 errors in 1 of 1 file; 0 apps valid");
  }

  @Test
  void fileSizeCapIsAnOption(@TempDir Path repo) throws IOException {
    Path file = brokenRedis(repo);

    CliRun run = run("validate", "--max-file-bytes", "100", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            file
                + ":1:1: file is "
                + Files.size(file)
                + " bytes, more than the limit of 100 bytes");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(run("validate").exitCode()).isEqualTo(2);
    assertThat(run("validate", "--output", "xml", EXAMPLES).exitCode()).isEqualTo(2);
    assertThat(run("validate", "--max-file-bytes", "0", EXAMPLES).exitCode()).isEqualTo(2);
    CliRun missing = run("validate", "no-such-dir");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("No such file or directory: no-such-dir");
    assertThat(missing.out()).isEmpty();
  }

  @Test
  void heraRedisInstanceAndRedisClusterValidateAndTheirBadValuesAreReportedAtTheField(
      @TempDir Path repo) throws IOException {
    String hera =
        """
        apiVersion: cache.hera.io/v1alpha1
        kind: RedisInstance
        metadata:
          name: my-redis
        spec:
          version: "7.2"
        ---
        apiVersion: cache.hera.io/v1alpha1
        kind: RedisCluster
        metadata:
          name: my-redis-cluster
        spec:
          version: "7.2"
          masters: 3
          replicasPerMaster: 1
        """;
    write(repo.resolve("hera.yaml"), hera);

    CliRun valid = run("validate", repo.toString());

    assertThat(valid.exitCode()).isZero();
    assertThat(valid.out().lines()).containsExactly("valid: 2 apps in 1 file");

    write(
        repo.resolve("hera.yaml"),
        hera.replace("masters: 3", "masters: 2")
            .replace("version: \"7.2\"\n  masters", "version: \"6.0\"\n  masters"));
    CliRun invalid = run("validate", repo.toString());

    assertThat(invalid.exitCode()).isEqualTo(ValidateCommand.INVALID);
    assertThat(invalid.out().lines())
        .containsExactly(
            repo
                + "/hera.yaml:13:12 spec.version: must be one of 7.0, 7.2; versions below 7.0 cannot"
                + " announce the stable DNS names that let a cluster survive all of its pods"
                + " restarting on new addresses (cluster-announce-hostname came in Redis 7.0),"
                + " got \"6.0\"",
            repo + "/hera.yaml:14:12 spec.masters: must be an integer >= 3, got 2",
            "invalid: 2 errors in 1 of 1 file; 1 app valid");
  }

  @Test
  void explainShowsWhatAivenPlatformFieldsMeanAndPlainValidateDoesNot(@TempDir Path repo)
      throws IOException {
    write(
        repo.resolve("aiven.yaml"),
        """
        apiVersion: aiven.io/v1alpha1
        kind: Redis
        metadata:
          name: k8s-redis
        spec:
          project: my-aiven-project
          cloudName: google-europe-west1
          plan: startup-4
        """);

    CliRun plain = run("validate", repo.toString());
    CliRun explained = run("validate", "--explain", repo.toString());
    CliRun json = run("validate", "--explain", "--output", "json", repo.toString());

    assertThat(plain.exitCode()).isEqualTo(ValidateCommand.VALID);
    assertThat(plain.out().lines()).containsExactly("valid: 1 app in 1 file");
    assertThat(explained.exitCode()).isEqualTo(ValidateCommand.VALID);
    assertThat(explained.out().lines())
        .containsExactly(
            repo
                + "/aiven.yaml:6:12 spec.project: note: accepted; it has no meaning in the cluster",
            repo + "/aiven.yaml:7:14 spec.cloudName: note: accepted; the app runs in this cluster",
            "valid: 1 app in 1 file");
    JsonNode report = new ObjectMapper().readTree(json.out());
    assertThat(report.get("notes")).hasSize(2);
    assertThat(report.get("notes").get(0).get("field").asText()).isEqualTo("spec.project");
  }

  @Test
  void helpListsTheValidateCommand() {
    CliRun run = run("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("validate");
  }

  private static Path brokenRedis(Path repo) throws IOException {
    Path file = repo.resolve("cache.yaml");
    write(file, BROKEN_REDIS);
    return file;
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }
}
