package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apps added by mistake and reverted: the mass-prune guard holds the revert back, and a commit
 * whose message names the mistaken revision lets exactly those apps go, once, with an audit.
 */
class PruneOverrideEndToEndIT {
  private static final List<String> MISTAKES = List.of("mistake-0", "mistake-1", "mistake-2");
  private static final String NAMESPACE = "oops";
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir Path dir;
  private DaemonFixture fixture;
  private ConfigRepository repo;
  private KubernetesClient kube;
  private DaemonClient http;

  @BeforeEach
  void startSynced() throws Exception {
    fixture = DaemonFixture.create(dir, "default/redis-replicated.yaml", "tenant-x/nats.yaml");
    repo = fixture.repo();
    kube = fixture.kube();
    Daemon daemon = fixture.start("data", config -> config);
    http = new DaemonClient(daemon.port());
    await("/readyz answers 200")
        .atMost(PATIENCE)
        .until(() -> http.get("readyz").statusCode() == 200);
  }

  @AfterEach
  void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void aRevertTrappedByTheGuardIsLetThroughByACommitNamingTheMistakenRevision() throws Exception {
    String mistake = addMistakes("Add the load-test caches");
    String revert = removeMistakes("Revert \"Add the load-test caches\"");
    await("the revert is held back by the mass-prune guard")
        .atMost(PATIENCE)
        .until(() -> heldBack(revert, "mistake-0"));
    JsonNode held = http.json("api/v1/apps/redis/" + NAMESPACE + "/mistake-0");
    assertThat(held.path("errors").get(0).asText())
        .contains(
            "would prune 3 of 5 managed apps",
            "applied from " + mistake.substring(0, 12),
            "mooring.io/allow-prune");
    assertThat(mistakeStatefulSets()).hasSize(3);

    String allow =
        repo.commit(
            Map.of(),
            List.of(),
            "Allow pruning the load-test caches\n\nmooring.io/allow-prune: "
                + mistake.substring(0, 12));
    push(allow);

    await("the mistaken apps are pruned")
        .atMost(PATIENCE)
        .until(() -> mistakeStatefulSets().isEmpty());
    assertThat(kube.apps().statefulSets().inNamespace("default").withName("cache-redis").get())
        .isNotNull();
    JsonNode daemon = http.json("api/v1/apps").path("daemon");
    JsonNode audit = daemon.path("pruneOverrides").get(0);
    assertThat(audit.path("revision").asText()).isEqualTo(allow);
    assertThat(audit.path("allowedBy").asText())
        .isEqualTo("commit " + allow.substring(0, 12) + " by Config Author <author@example.org>");
    assertThat(audit.path("appCount").asInt()).isEqualTo(3);
    assertThat(audit.path("guard").asText()).contains("mass-prune guard");
    assertThat(http.metricOrZero("mooring_prune_guard_overrides_total", "allowance=\"revision\""))
        .isEqualTo(1);
    assertThat(http.get("").body())
        .contains("Prune guard overridden at <code>" + allow.substring(0, 12));

    // One-time: the line stays in the history, but the apps of a later mistake carry another
    // revision, so their revert is guarded again.
    addMistakes("Add the load-test caches again");
    String secondRevert = removeMistakes("Revert them again");
    await("the second revert is held back again")
        .atMost(PATIENCE)
        .until(() -> heldBack(secondRevert, "mistake-1"));
    assertThat(mistakeStatefulSets()).hasSize(3);
    assertThat(http.metricOrZero("mooring_prune_guard_overrides_total", "allowance=\"revision\""))
        .isEqualTo(1);
  }

  private String addMistakes(String message) throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    MISTAKES.forEach(name -> files.put(NAMESPACE + "/" + name + ".yaml", spec(name)));
    String commit = repo.commit(files, List.of(), message);
    push(commit);
    await("the mistaken apps are applied")
        .atMost(PATIENCE)
        .until(() -> mistakeStatefulSets().size() == MISTAKES.size());
    return commit;
  }

  private String removeMistakes(String message) throws Exception {
    String commit =
        repo.commit(
            Map.of(),
            MISTAKES.stream().map(name -> NAMESPACE + "/" + name + ".yaml").toList(),
            message);
    push(commit);
    return commit;
  }

  private boolean heldBack(String revision, String app) {
    JsonNode status = http.json("api/v1/apps/redis/" + NAMESPACE + "/" + app);
    return "blocked".equals(status.path("status").asText())
        && revision.equals(status.path("revision").asText());
  }

  private void push(String commit) {
    assertThat(
            http.githubPush(
                    repo.url(), "refs/heads/main", commit, false, TestDaemonConfig.GITHUB_SECRET)
                .statusCode())
        .isEqualTo(202);
  }

  private List<String> mistakeStatefulSets() {
    return kube.apps().statefulSets().inNamespace(NAMESPACE).list().getItems().stream()
        .map(StatefulSet::getMetadata)
        .map(metadata -> metadata.getName())
        .toList();
  }

  private static String spec(String name) {
    return ConfigRepository.smallRedis(NAMESPACE, name);
  }
}
