package io.mooring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DiffCommandTest {
  private static final String EXAMPLES = Path.of("..", "examples").toString();

  @TempDir Path dir;
  @RegisterExtension final SandboxCluster cluster = new SandboxCluster();

  @Test
  void anEmptyClusterDiffersByEveryObjectToCreateAndNothingIsWritten() {
    CliRun run = cluster.cli("diff", "--kubeconfig", cluster.kubeconfig, EXAMPLES);

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(DiffCommand.DIFFERENCES);
    assertThat(run.out())
        .contains(
            "redis/default/cache: drifted",
            "  + create StatefulSet default/cache-redis",
            "  + create Secret default/cache-redis-auth")
        .contains("nats/tenant-x/events: drifted", "  + create StatefulSet tenant-x/events-nats")
        .containsPattern("diff: 11 apps, 11 with changes; \\d+ to create, 0 to update, 0 to prune");
    assertThat(cluster.server.writes()).isZero();
  }

  @Test
  void afterASyncThereIsNoDifferenceAndTheDiffWritesNothing() {
    assertThat(cluster.cli("sync", "--kubeconfig", cluster.kubeconfig, EXAMPLES).exitCode())
        .isEqualTo(SyncCommand.SUCCESS);
    cluster.server.resetCounts();

    CliRun run = cluster.cli("diff", "--kubeconfig", cluster.kubeconfig, EXAMPLES);

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(DiffCommand.NO_DIFFERENCE);
    assertThat(run.out())
        .contains("redis/default/cache: synced")
        .contains("diff: 11 apps, 0 with changes");
    assertThat(cluster.server.writes()).isZero();
  }

  @Test
  void aHandEditedReplicaCountIsShownAsDesiredToLive() {
    cluster.cli("sync", "--kubeconfig", cluster.kubeconfig, EXAMPLES);
    StatefulSet live =
        cluster.client.apps().statefulSets().inNamespace("default").withName("cache-redis").get();
    live.getSpec().setReplicas(5);
    cluster.client.resource(live).update();
    cluster.server.resetCounts();

    CliRun run = cluster.cli("diff", "--kubeconfig", cluster.kubeconfig, EXAMPLES);

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(DiffCommand.DIFFERENCES);
    assertThat(run.out())
        .contains(
            "redis/default/cache: drifted\n  ~ update StatefulSet default/cache-redis\n      spec.replicas: 3 -> 5\n")
        .contains("diff: 11 apps, 1 with changes; 0 to create, 1 to update, 0 to prune");
    assertThat(cluster.server.writes()).isZero();
  }

  @Test
  void secretValuesNeverAppearInTheDiff() {
    cluster.cli("sync", "--kubeconfig", cluster.kubeconfig, EXAMPLES);
    String redisPassword = value(secret("default", "cache-redis-auth"), "redis-password");
    Secret credentials = secret("tenant-x", "nats-nats-credentials");
    String userPassword = value(credentials, "user1");
    credentials.getData().put("user1", base64("edited-in-the-cluster"));
    cluster.client.resource(credentials).update();

    CliRun run = cluster.cli("diff", "--kubeconfig", cluster.kubeconfig, EXAMPLES);

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(DiffCommand.DIFFERENCES);
    assertThat(run.out())
        .contains(
            "  ~ update Secret tenant-x/nats-nats-credentials\n      data.user1: *** -> ***\n");
    assertThat(userPassword).isEqualTo("mypassword");
    for (String secret : new String[] {redisPassword, userPassword, "edited-in-the-cluster"}) {
      assertThat(run.out() + run.err()).doesNotContain(secret, base64(secret));
    }
  }

  @Test
  void anInvalidSpecIsAnErrorAndChangesNothing() throws IOException {
    Path repo = dir.resolve("repo");
    RenderCommandTest.write(
        repo.resolve("ok.yaml"), RenderCommandTest.redisSpec("ok", "replicas: 3"));
    RenderCommandTest.write(
        repo.resolve("broken.yaml"), RenderCommandTest.redisSpec("broken", "replicas: three"));

    CliRun run = cluster.cli("diff", "--kubeconfig", cluster.kubeconfig, repo.toString());

    assertThat(run.exitCode()).isEqualTo(DiffCommand.ERROR);
    assertThat(run.err())
        .contains(repo.resolve("broken.yaml") + ":7:13 spec.replicas: must be an integer >= 1");
    assertThat(run.out())
        .contains("redis/default/broken: invalid", "  + create StatefulSet default/ok-redis");
    assertThat(cluster.server.writes()).isZero();
  }

  @Test
  void anUnreachableClusterIsAnError() throws IOException {
    Path unreachable = dir.resolve("unreachable");
    int closedPort;
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Files.writeString(
        unreachable,
        Files.readString(Path.of(cluster.kubeconfig))
            .replaceAll("server: .*", "server: http://127.0.0.1:" + closedPort));

    CliRun run =
        cluster.cli("diff", "--kubeconfig", unreachable.toString(), "--timeout", "10s", EXAMPLES);

    assertThat(run.exitCode()).isEqualTo(DiffCommand.ERROR);
    assertThat(run.err())
        .contains("error: cannot list the cluster's objects at http://127.0.0.1:" + closedPort);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(cluster.cli("diff").exitCode()).isEqualTo(2);
    assertThat(cluster.cli("diff", "--kubeconfig", cluster.kubeconfig, "no-such-dir").exitCode())
        .isEqualTo(2);
    assertThat(
            cluster
                .cli("diff", "--kubeconfig", dir.resolve("missing").toString(), EXAMPLES)
                .exitCode())
        .isEqualTo(2);
  }

  private Secret secret(String namespace, String name) {
    return cluster.client.secrets().inNamespace(namespace).withName(name).get();
  }

  private static String value(Secret secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
