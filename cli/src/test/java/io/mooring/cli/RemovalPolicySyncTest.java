package io.mooring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.mooring.core.plan.RemovalPolicy;
import io.mooring.core.render.common.MooringLabels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Termination protection and orphaning through {@code mooring sync}: the rules a removed app's spec
 * left on its live objects, as a spec with {@code terminationProtection} or the Orphan deletion
 * policy stamps them.
 */
class RemovalPolicySyncTest {
  private static final String EXAMPLES = Path.of("..", "examples").toString();
  private static final String ONE_FILE =
      Path.of(EXAMPLES, "apps", "default", "redis-empty-spec.yaml").toString();

  @RegisterExtension final SandboxCluster cluster = new SandboxCluster();

  @Test
  void forceDoesNotPruneAProtectedApp() {
    cluster.cli("sync", "--kubeconfig", cluster.kubeconfig, EXAMPLES);
    annotate("cache-redis", RemovalPolicy.TERMINATION_PROTECTION, "true");
    cluster.server.resetCounts();

    CliRun run = cluster.cli("sync", "--kubeconfig", cluster.kubeconfig, "--force", ONE_FILE);

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(SyncCommand.FAILED_OR_BLOCKED);
    assertThat(run.out())
        .contains("redis/default/cache: blocked\n  ! Blocked: termination protection")
        .doesNotContain("prune StatefulSet default/cache-redis");
    assertThat(statefulSet("cache-redis")).isNotNull();
    // The other removed apps go, forced past the mass-prune guard.
    assertThat(statefulSet("reports-redis")).isNull();
  }

  @Test
  void anOrphanedAppStaysRunningWithoutMooringsLabels() {
    cluster.cli("sync", "--kubeconfig", cluster.kubeconfig, EXAMPLES);
    annotate("cache-redis", RemovalPolicy.ON_REMOVAL, RemovalPolicy.ORPHAN);

    CliRun run = cluster.cli("sync", "--kubeconfig", cluster.kubeconfig, "--force", ONE_FILE);

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(SyncCommand.SUCCESS);
    assertThat(run.out())
        .contains("  - orphan StatefulSet default/cache-redis (left running, no longer managed)");
    StatefulSet set = statefulSet("cache-redis");
    assertThat(set).isNotNull();
    assertThat(set.getMetadata().getLabels())
        .doesNotContainKeys(MooringLabels.MANAGED_BY, MooringLabels.APP);
    assertThat(cluster.client.secrets().inNamespace("default").withName("cache-redis-auth").get())
        .isNotNull();

    CliRun again = cluster.cli("sync", "--kubeconfig", cluster.kubeconfig, ONE_FILE);
    assertThat(again.out()).doesNotContain("redis/default/cache");
    assertThat(statefulSet("cache-redis")).isNotNull();
  }

  private void annotate(String name, String key, String value) {
    StatefulSet set = statefulSet(name);
    cluster
        .client
        .resource(
            new StatefulSetBuilder(set)
                .editMetadata()
                .addToAnnotations(key, value)
                .endMetadata()
                .build())
        .update();
  }

  private StatefulSet statefulSet(String name) {
    return cluster.client.apps().statefulSets().inNamespace("default").withName(name).get();
  }
}
