package io.mooring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.MooringLabels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Aiven's {@code terminationProtection}, Orphan deletion policy and maintenance window, written in
 * the spec files of a config repository and carried out by {@code mooring sync}.
 */
class AivenLifecycleSyncTest {
  @TempDir Path repo;
  @RegisterExtension final SandboxCluster cluster = new SandboxCluster();

  @Test
  void aProtectedSpecRemovedFromGitDeletesNothingEvenForced() {
    write("cache.yaml", aiven("cache", "  terminationProtection: true\n", ""));
    write("other.yaml", aiven("other", "", ""));
    sync();
    assertThat(statefulSet("cache-redis")).isNotNull();
    delete("cache.yaml");
    cluster.server.resetCounts();

    CliRun run = sync("--force");

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(SyncCommand.FAILED_OR_BLOCKED);
    assertThat(run.out())
        .contains("redis/default/cache: blocked\n  ! Blocked: termination protection")
        .doesNotContain("prune StatefulSet default/cache-redis");
    assertThat(cluster.server.requests("DELETE")).isZero();
    assertThat(statefulSet("cache-redis")).isNotNull();
  }

  @Test
  void anOrphanSpecRemovedFromGitLeavesItsObjectsRunningWithoutMooringsLabels() {
    write(
        "cache.yaml",
        aiven("cache", "", "  annotations:\n    controllers.aiven.io/deletion-policy: Orphan\n"));
    write("other.yaml", aiven("other", "", ""));
    sync();
    delete("cache.yaml");

    CliRun run = sync("--force");

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(SyncCommand.SUCCESS);
    assertThat(run.out())
        .contains("  - orphan StatefulSet default/cache-redis (left running, no longer managed)");
    StatefulSet set = statefulSet("cache-redis");
    assertThat(set).isNotNull();
    assertThat(set.getMetadata().getLabels())
        .doesNotContainKeys(MooringLabels.MANAGED_BY, MooringLabels.APP);
  }

  @Test
  void aRestartOnlySettingWaitsForTheMaintenanceWindowUnlessForced() {
    // Three days from today: the one-hour window cannot be open while the test runs.
    String day =
        LocalDate.now(Clock.systemUTC()).plusDays(3).getDayOfWeek().name().toLowerCase(Locale.ROOT);
    String window = "  maintenanceWindowDow: " + day + "\n  maintenanceWindowTime: \"12:00:00\"\n";
    write("cache.yaml", aiven("cache", window + threads(1), ""));
    sync();
    String hash = podTemplate();
    write("cache.yaml", aiven("cache", window + threads(4), ""));

    CliRun waiting = sync();

    assertThat(waiting.exitCode()).as(waiting.out() + waiting.err()).isEqualTo(SyncCommand.SUCCESS);
    assertThat(waiting.out()).contains("Waiting for maintenance window");
    assertThat(podTemplate()).isEqualTo(hash);

    CliRun forced = sync("--force");

    assertThat(forced.exitCode()).as(forced.out() + forced.err()).isEqualTo(SyncCommand.SUCCESS);
    assertThat(forced.out()).doesNotContain("Waiting for maintenance window");
    assertThat(podTemplate()).isNotEqualTo(hash);
    assertThat(
            cluster
                .client
                .configMaps()
                .inNamespace("default")
                .withName("cache-redis-config")
                .get()
                .getData()
                .get("redis.conf"))
        .contains("io-threads 4");
  }

  private static String threads(int count) {
    return "  userConfig:\n    redis_io_threads: " + count + "\n";
  }

  private static String aiven(String name, String spec, String metadata) {
    return """
        apiVersion: aiven.io/v1alpha1
        kind: Redis
        metadata:
          name: %s
          namespace: default
        %s\
        spec:
          project: p
          plan: startup-1
        %s"""
        .formatted(name, metadata, spec);
  }

  private CliRun sync(String... flags) {
    String[] args = new String[flags.length + 4];
    args[0] = "sync";
    args[1] = "--kubeconfig";
    args[2] = cluster.kubeconfig;
    System.arraycopy(flags, 0, args, 3, flags.length);
    args[args.length - 1] = repo.toString();
    return cluster.cli(args);
  }

  private void write(String file, String yaml) {
    try {
      Files.writeString(repo.resolve(file), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void delete(String file) {
    try {
      Files.delete(repo.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String podTemplate() {
    return String.valueOf(statefulSet("cache-redis").getSpec().getTemplate().getMetadata());
  }

  private StatefulSet statefulSet(String name) {
    return cluster.client.apps().statefulSets().inNamespace("default").withName(name).get();
  }
}
