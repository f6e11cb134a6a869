package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.mooring.core.reconcile.Trigger;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A running daemon fed the spec files a careless or hostile committer writes: whatever they hold,
 * the status stays small and answering, tells about every file it cannot use under its path, lets
 * go of apps whose files are gone, and never repeats a credential.
 */
class HostileSpecsStatusIT {
  private static final String CACHE_FILE = "default/redis-replicated.yaml";
  private static final int MAX_ANSWER_CHARS = 512 * 1024;

  @TempDir Path dir;

  @Test
  void eightMebibyteFilesOfUnknownFieldsLeaveTheStatusSmallAndAnswering() throws Exception {
    try (DaemonFixture fixture = DaemonFixture.create(dir, CACHE_FILE)) {
      DaemonClient http = started(fixture);
      Map<String, String> files = new TreeMap<>();
      for (int i = 0; i < 8; i++) {
        files.put("hostile/junk-" + i + ".yaml", unknownFields("junk-" + i, 1_000_000));
      }

      push(fixture, http, fixture.repo().commit(files, List.of(), "eight files of unknown fields"));
      await("the eight apps shown invalid")
          .atMost(Duration.ofMinutes(2))
          .until(() -> invalidApps(http.json("api/v1/apps")) == 8);

      for (int round = 0; round < 3; round++) {
        HttpResponse<String> page = http.get("");
        HttpResponse<String> api = http.get("api/v1/apps");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(page.body().length()).as("page size").isLessThan(MAX_ANSWER_CHARS);
        assertThat(api.body().length()).as("API size").isLessThan(MAX_ANSWER_CHARS);
      }
      assertThat(http.get("").body())
          .contains("Spec files with errors")
          .contains("apps/hostile/junk-0.yaml:")
          .containsPattern("and \\d{4,} more errors in this file");
      JsonNode apps = http.json("api/v1/apps");
      for (JsonNode app : apps.path("apps")) {
        if (app.path("status").asText().equals("invalid")) {
          assertThat(app.path("errors")).as(app.path("name").asText()).hasSize(21);
          assertThat(app.path("errors").get(20).asText())
              .containsPattern("and \\d{4,} more errors in this file");
          app.path("errors")
              .forEach(line -> assertThat(line.asText().length()).isLessThanOrEqualTo(600));
        }
      }
      assertThat(apps.path("files")).hasSize(8);
      assertThat(http.metricOrZero("mooring_invalid_specs")).isEqualTo(8);
      assertThat(http.get("readyz").statusCode()).isEqualTo(200);
      assertThat(http.get("healthz").statusCode()).isEqualTo(200);
      assertThat(http.json("api/v1/apps/redis/default/cache").path("status").asText())
          .isEqualTo("synced");
    }
  }

  @Test
  void anInvalidAppLeavesTheStatusOnceItsFileIsDeleted() throws Exception {
    try (DaemonFixture fixture = DaemonFixture.create(dir, CACHE_FILE)) {
      Daemon daemon = fixture.start("data", config -> config);
      DaemonClient http = ready(daemon);
      String broken = "app=\"broken\",app_namespace=\"default\",kind=\"redis\",status=\"invalid\"";

      push(fixture, http, fixture.repo().commit("default/broken.yaml", redis("broken"), "broken"));
      await("the broken app shown invalid")
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  http.json("api/v1/apps/redis/default/broken")
                          .path("status")
                          .asText()
                          .equals("invalid")
                      && http.metricOrZero("mooring_app_status", broken) == 1);
      assertThat(http.metricOrZero("mooring_invalid_specs")).isEqualTo(1);

      push(fixture, http, fixture.repo().delete(List.of("default/broken.yaml"), "remove it"));
      await("the broken app gone from the API")
          .atMost(Duration.ofSeconds(30))
          .until(() -> http.get("api/v1/apps/redis/default/broken").statusCode() == 404);
      assertGone(http, broken);

      double resyncs = resyncsSoFar(http);
      daemon.triggerSync(Trigger.RESYNC);
      await("a full resync")
          .atMost(Duration.ofSeconds(30))
          .until(() -> resyncsSoFar(http) > resyncs);
      assertGone(http, broken);
      assertThat(http.json("api/v1/apps/redis/default/cache").path("status").asText())
          .isEqualTo("synced");
    }
  }

  @Test
  void everyFileMooringCannotUseIsShownUnderItsPathAndNoPasswordIsRepeated() throws Exception {
    Logger syncLog = (Logger) LoggerFactory.getLogger(SyncJob.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    syncLog.addAppender(log);
    try (DaemonFixture fixture = DaemonFixture.create(dir, CACHE_FILE)) {
      DaemonClient http = started(fixture);
      String controlName = "default/evil\n\u001b[31m.yaml";
      String escapedName = "apps/default/evil\\n\\u001b[31m.yaml";
      Map<String, String> files = new TreeMap<>();
      files.put("default/bad-name.yaml", redis("Bad_Name"));
      files.put(
          "default/bad-namespace.yaml",
          redis("fine").replace("namespace: default", "namespace: Team.A"));
      files.put("default/bomb.yaml", aliasBomb());
      files.put(controlName, redis("hidden").replace("replicas: -2", "replicas: 1"));
      files.put("tenant-x/nats-password.yaml", natsWithScalarUser("ScalarPw-111"));

      push(fixture, http, fixture.repo().commit(files, List.of(), "five files Mooring cannot use"));
      await("five files listed")
          .atMost(Duration.ofSeconds(30))
          .until(() -> http.json("api/v1/apps").path("files").size() == 5);

      JsonNode status = http.json("api/v1/apps");
      List<String> paths = new ArrayList<>();
      status.path("files").forEach(file -> paths.add(file.path("path").asText()));
      assertThat(paths)
          .containsExactlyInAnyOrder(
              "apps/default/bad-name.yaml",
              "apps/default/bad-namespace.yaml",
              "apps/default/bomb.yaml",
              escapedName,
              "apps/tenant-x/nats-password.yaml");
      assertThat(status.path("files").toString())
          .contains("metadata.name: must be a DNS-1123 label")
          .contains("metadata.namespace: must be a DNS-1123 label")
          .contains("expands to more than 100000 nodes")
          .contains("file not read");
      // Four files name no app; the NATS app is invalid itself.
      assertThat(http.metricOrZero("mooring_invalid_specs")).isEqualTo(5);
      String page = http.get("").body();
      assertThat(page).contains(escapedName).doesNotContain("\u001b");
      for (String answer : List.of(page, status.toString(), http.get("metrics").body())) {
        assertThat(answer).doesNotContain("ScalarPw-111");
      }
      assertThat(http.json("api/v1/apps/nats/tenant-x/nats-pw").path("errors").toString())
          .contains("spec.users.user1: must be a mapping with an optional password, got a string");
      List<String> logged = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      for (String path : paths) {
        assertThat(logged)
            .as("a log line for " + path)
            .anyMatch(line -> line.contains("spec file " + path + " cannot be used"));
      }
      assertThat(logged).noneMatch(line -> line.contains("\u001b") || line.contains("ScalarPw"));
      assertThat(http.json("api/v1/apps/redis/default/cache").path("status").asText())
          .isEqualTo("synced");
    } finally {
      syncLog.detachAppender(log);
    }
  }

  private static DaemonClient started(DaemonFixture fixture) {
    return ready(fixture.start("data", config -> config));
  }

  private static DaemonClient ready(Daemon daemon) {
    DaemonClient http = new DaemonClient(daemon.port());
    await("ready")
        .atMost(Duration.ofMinutes(1))
        .until(() -> http.get("readyz").statusCode() == 200);
    return http;
  }

  private static void push(DaemonFixture fixture, DaemonClient http, String commit) {
    assertThat(
            http.githubPush(
                    fixture.repo().url(),
                    "refs/heads/main",
                    commit,
                    false,
                    TestDaemonConfig.GITHUB_SECRET)
                .statusCode())
        .isEqualTo(202);
  }

  private static void assertGone(DaemonClient http, String series) {
    assertThat(http.get("").body()).doesNotContain("app-redis-default-broken");
    assertThat(http.json("api/v1/apps").path("apps").toString()).doesNotContain("\"broken\"");
    assertThat(http.metric("mooring_app_status", series)).isEmpty();
    assertThat(http.metricOrZero("mooring_invalid_specs")).isZero();
  }

  private static double resyncsSoFar(DaemonClient http) {
    return http.metricOrZero("mooring_reconcile_duration_seconds_count", "trigger=\"resync\"");
  }

  private static long invalidApps(JsonNode status) {
    long invalid = 0;
    for (JsonNode app : status.path("apps")) {
      invalid += app.path("status").asText().equals("invalid") ? 1 : 0;
    }
    return invalid;
  }

  /** A Redis spec of about {@code bytes} bytes whose {@code spec} is all unknown fields. */
  private static String unknownFields(String name, int bytes) {
    StringBuilder yaml =
        new StringBuilder(
            "apiVersion: apps.cozystack.io/v1alpha1\nkind: Redis\nmetadata:\n  name: "
                + name
                + "\n  namespace: default\nspec:\n");
    for (int i = 0; yaml.length() < bytes - 100; i++) {
      yaml.append("  unknownFieldNumber")
          .append(i)
          .append("WithAVeryLongNameThatNobodyWouldEverType: 1\n");
    }
    return yaml.toString();
  }

  private static String redis(String name) {
    return """
        apiVersion: apps.cozystack.io/v1alpha1
        kind: Redis
        metadata:
          name: %s
          namespace: default
        spec:
          replicas: -2
        """
        .formatted(name);
  }

  private static String natsWithScalarUser(String password) {
    return """
        apiVersion: apps.cozystack.io/v1alpha1
        kind: NATS
        metadata:
          name: nats-pw
          namespace: tenant-x
        spec:
          users:
            user1: "%s"
        """
        .formatted(password);
  }

  /** Ten levels of ten aliases: few aliases, but ten billion nodes once expanded. */
  private static String aliasBomb() {
    StringBuilder yaml = new StringBuilder("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int level = 1; level < 10; level++) {
      yaml.append('l').append(level).append(": &l").append(level).append(" [");
      for (int i = 0; i < 10; i++) {
        yaml.append(i == 0 ? "" : ", ").append("*l").append(level - 1);
      }
      yaml.append("]\n");
    }
    return yaml.toString();
  }
}
