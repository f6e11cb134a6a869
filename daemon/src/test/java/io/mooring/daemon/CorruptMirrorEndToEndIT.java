package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.reconcile.Trigger;
import io.mooring.gitsync.PackDamage;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's mirror damaged on disk as a failing disk or volume leaves it: bytes flipped inside
 * its pack, the file's length kept, so git's index still lists every object. The daemon reports a
 * git failure and clones the mirror afresh, instead of reading nothing on every poll.
 */
class CorruptMirrorEndToEndIT {
  private static final String CACHE_FILE = "default/redis-replicated.yaml";
  private static final String NATS_FILE = "tenant-x/nats.yaml";
  private static final Duration WITHIN = Duration.ofSeconds(60);

  @TempDir Path dir;
  private DaemonFixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture = DaemonFixture.create(dir, CACHE_FILE, NATS_FILE);
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  void aPackDamagedUnderARunningDaemonIsReportedAsAGitFailureAndClonedAfresh() throws Exception {
    Daemon daemon = fixture.start("data", config -> config);
    DaemonClient http = new DaemonClient(daemon.port());
    awaitEveryAppSyncedAt(http, fixture.repo().tip());

    damageTheNatsSpecInTheMirrorOf("data");
    // Pack data JGit still holds in memory would hide the damage; memory pressure drops it.
    PackDamage.dropCachedPacks();
    daemon.triggerSync(Trigger.RESYNC);

    await("the failed read is reported")
        .atMost(WITHIN)
        .untilAsserted(
            () -> assertThat(gitError(http)).contains("cannot read commit").contains("afresh"));
    assertThat(http.metricOrZero("mooring_git_consecutive_failures")).isGreaterThanOrEqualTo(1);

    String commit =
        fixture
            .repo()
            .commit(CACHE_FILE, withReplicas(4), "cache: 4 replicas, read from a mended mirror");
    daemon.triggerSync(Trigger.POLL);

    awaitEveryAppSyncedAt(http, commit);
    assertThat(cacheReplicas()).isEqualTo(4);
    assertThat(gitError(http)).isNull();
    assertThat(http.metricOrZero("mooring_git_consecutive_failures")).isZero();
  }

  @Test
  void aPackDamagedWhileTheDaemonWasStoppedIsClonedAfreshAtStartup() throws Exception {
    Daemon first = fixture.start("data", config -> config);
    awaitEveryAppSyncedAt(new DaemonClient(first.port()), fixture.repo().tip());
    first.close();

    damageTheNatsSpecInTheMirrorOf("data");
    DaemonClient restarted = new DaemonClient(fixture.start("data", config -> config).port());

    awaitEveryAppSyncedAt(restarted, fixture.repo().tip());
    assertThat(gitError(restarted)).isNull();
  }

  private void damageTheNatsSpecInTheMirrorOf(String dataDir) throws Exception {
    PackDamage.flipBytesOf(
        dir.resolve(dataDir).resolve("mirror/mirror.git"),
        PackDamage.blobId(ConfigRepository.example(NATS_FILE)));
  }

  private static void awaitEveryAppSyncedAt(DaemonClient http, String commit) {
    await("both apps synced at " + commit + " and /readyz 200")
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              assertThat(http.get("readyz").statusCode()).isEqualTo(200);
              JsonNode apps = http.json("api/v1/apps").path("apps");
              assertThat(apps).hasSize(2);
              assertThat(apps)
                  .allSatisfy(
                      app -> {
                        assertThat(app.path("status").asText()).isEqualTo("synced");
                        assertThat(app.path("revision").asText()).isEqualTo(commit);
                      });
            });
  }

  private static String gitError(DaemonClient http) {
    JsonNode error = http.json("api/v1/apps").path("daemon").path("gitError");
    return error.isNull() || error.isMissingNode() ? null : error.asText();
  }

  private int cacheReplicas() {
    StatefulSet cache =
        fixture.kube().apps().statefulSets().inNamespace("default").withName("cache-redis").get();
    return cache.getSpec().getReplicas();
  }

  private static String withReplicas(int replicas) {
    return ConfigRepository.example(CACHE_FILE).replace("replicas: 3", "replicas: " + replicas);
  }
}
