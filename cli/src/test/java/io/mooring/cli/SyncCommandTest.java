package io.mooring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.source.SpecSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SyncCommandTest {
  private static final String EXAMPLES = Path.of("..", "examples").toString();

  @TempDir Path dir;
  @RegisterExtension final SandboxCluster cluster = new SandboxCluster();

  @Test
  void aSyncCreatesEveryRenderedObjectAndASecondSyncWritesNothing() {
    int rendered =
        RenderCommandTest.items(CliRun.of("render", "-o", "json", EXAMPLES).out()).size();

    CliRun first = cluster.cli("sync", "--kubeconfig", cluster.kubeconfig, EXAMPLES);

    assertThat(first.exitCode()).as(first.out() + first.err()).isEqualTo(SyncCommand.SUCCESS);
    assertThat(first.out())
        .contains("redis/default/cache: synced\n  + create Secret default/cache-redis-auth\n")
        .contains("sync: 11 apps, 11 with changes; " + rendered + " created, 0 updated, 0 pruned");
    assertThat(cluster.server.requests("APPLY")).isEqualTo(rendered);
    assertThat(cluster.server.writes()).isEqualTo(rendered);
    cluster.server.resetCounts();

    CliRun second = cluster.cli("sync", "--kubeconfig", cluster.kubeconfig, EXAMPLES);

    assertThat(second.exitCode()).isEqualTo(SyncCommand.SUCCESS);
    assertThat(second.out())
        .contains("sync: 11 apps, 0 with changes; 0 created, 0 updated, 0 pruned");
    assertThat(cluster.server.writes()).isZero();
  }

  @Test
  void removingMostSpecsTripsTheMassPruneGuardUntilForced() {
    cluster.cli("sync", "--kubeconfig", cluster.kubeconfig, EXAMPLES);
    cluster.server.resetCounts();
    String oneFile = Path.of(EXAMPLES, "apps", "default", "redis-empty-spec.yaml").toString();

    CliRun guarded = cluster.cli("sync", "--kubeconfig", cluster.kubeconfig, oneFile);

    assertThat(guarded.exitCode())
        .as(guarded.out() + guarded.err())
        .isEqualTo(SyncCommand.FAILED_OR_BLOCKED);
    assertThat(guarded.out())
        .contains("redis/default/cache: blocked", "mass-prune guard", "--force");
    assertThat(cluster.server.requests("DELETE")).isZero();
    assertThat(workloads("default")).contains("cache-redis");

    CliRun forced = cluster.cli("sync", "--kubeconfig", cluster.kubeconfig, "--force", oneFile);

    assertThat(forced.exitCode()).as(forced.out()).isEqualTo(SyncCommand.SUCCESS);
    // The override is audited: who allowed it and what the guard would have said.
    assertThat(forced.err())
        .contains(
            "prune guard overridden",
            "allowed by mooring sync --force, run by " + System.getProperty("user.name"),
            "mass-prune guard");
    assertThat(forced.out())
        .contains(
            "  - prune StatefulSet default/cache-redis",
            "  = retain Secret default/cache-redis-auth");
    assertThat(workloads("default")).containsExactly("example-redis");
    assertThat(cluster.client.secrets().inNamespace("default").withName("cache-redis-auth").get())
        .isNotNull();
  }

  @Test
  void withPruneOffTheObjectsOfARemovedSpecStay() {
    cluster.cli("sync", "--kubeconfig", cluster.kubeconfig, EXAMPLES);
    String oneFile = Path.of(EXAMPLES, "apps", "default", "redis-empty-spec.yaml").toString();

    CliRun run =
        cluster.cli(
            "sync", "--kubeconfig", cluster.kubeconfig, "--prune", "false", "--force", oneFile);

    assertThat(run.exitCode()).isEqualTo(SyncCommand.SUCCESS);
    assertThat(run.out()).contains("  = retain StatefulSet default/cache-redis");
    assertThat(cluster.server.requests("DELETE")).isZero();
    assertThat(workloads("default")).contains("cache-redis", "example-redis");
  }

  @Test
  void anInvalidSpecIsAnErrorItsAppIsLeftAloneAndNothingIsPruned() throws IOException {
    Path repo = dir.resolve("repo");
    RenderCommandTest.write(
        repo.resolve("ok.yaml"), RenderCommandTest.redisSpec("ok", "replicas: 3"));
    RenderCommandTest.write(
        repo.resolve("gone.yaml"), RenderCommandTest.redisSpec("gone", "replicas: 3"));
    assertThat(cluster.cli("sync", "--kubeconfig", cluster.kubeconfig, repo.toString()).exitCode())
        .isEqualTo(SyncCommand.SUCCESS);
    RenderCommandTest.write(repo.resolve("gone.yaml"), "kind: [unclosed");
    cluster.server.resetCounts();

    CliRun run = cluster.cli("sync", "--kubeconfig", cluster.kubeconfig, repo.toString());

    assertThat(run.exitCode()).isEqualTo(SyncCommand.ERROR);
    assertThat(run.err()).contains(repo.resolve("gone.yaml").toString());
    assertThat(run.out()).contains("redis/default/gone: invalid", SpecSet.UNKNOWN_REMOVALS);
    assertThat(cluster.server.writes()).isZero();
    assertThat(workloads("default")).containsExactly("gone-redis", "ok-redis");
  }

  @Test
  void anUnreachableClusterIsAnError() {
    CliRun run =
        cluster.cli("sync", "--kubeconfig", cluster.kubeconfig, "--context", "elsewhere", EXAMPLES);

    assertThat(run.exitCode()).isEqualTo(SyncCommand.ERROR);
    assertThat(run.err()).contains("no context 'elsewhere'");
    assertThat(cluster.server.writes()).isZero();
  }

  private List<String> workloads(String namespace) {
    return cluster.client.apps().statefulSets().inNamespace(namespace).list().getItems().stream()
        .map(HasMetadata::getMetadata)
        .map(metadata -> metadata.getName())
        .sorted()
        .toList();
  }
}
