package io.mooring.core.render.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.NatsSpec;
import io.mooring.core.testing.RealBinaries;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JetStream store on three real nats-server processes running the rendered nats.conf: {@code
 * max_file_store} is 90% of the volume; a grown volume raises it through the roll the new config
 * hash causes (nats-server refuses to reload it, shown here), while the cluster keeps serving; and
 * JetStream turned on for a running app: a one-by-one roll stops at the first pod, and once the old
 * pods restart too every server has a store.
 */
class NatsStorageRealServerIT {
  private static final Duration REQUEST = Duration.ofSeconds(5);
  private static final long GIB = 1L << 30;

  @Test
  void aGrownVolumeRaisesMaxFileStoreThroughARollWhileTheClusterServes(@TempDir Path workDir)
      throws Exception {
    NatsSpec small =
        NatsSpecs.builder("grow").jetstream(true, "1Gi").user("app", "App-pw.1").build();
    NatsSpec grown =
        NatsSpecs.builder("grow").jetstream(true, "2Gi").user("app", "App-pw.1").build();
    DesiredState before = NatsRenderer.render(small, NatsSpecs.OPTIONS);
    DesiredState after = NatsRenderer.render(grown, NatsSpecs.OPTIONS);
    assertThat(configHash(after))
        .as("the new max_file_store rolls the pods")
        .isNotEqualTo(configHash(before));

    try (LocalNatsPods pods =
        new LocalNatsPods(
            small, new NatsNames(small.ref(), "cluster.local"), before, workDir, 191)) {
      pods.startAll();
      NatsClusterWaits.formed(pods, 3);
      for (int ordinal = 0; ordinal < 3; ordinal++) {
        assertThat(maxStorage(pods, ordinal)).isEqualTo((long) (GIB * 0.9));
      }
      try (Connection client = connect(pods)) {
        NatsStreams.create(
            client,
            StreamConfiguration.builder()
                .name("GROW")
                .subjects("grow.>")
                .replicas(3)
                .storageType(StorageType.File)
                .build());
        for (int i = 0; i < 10; i++) {
          publish(client, i);
        }

        pods.apply(after);
        pods.writeConfig(0);
        signalReload(pods, 0);
        await("pod 0 answers the reload")
            .atMost(Duration.ofSeconds(10))
            .until(() -> pods.log(0).contains("config reload not supported for jetstream max"));
        assertThat(maxStorage(pods, 0)).as("a reload leaves it").isEqualTo((long) (GIB * 0.9));

        long start = System.nanoTime();
        int published = 10;
        for (int ordinal = 2; ordinal >= 0; ordinal--) {
          pods.stop(ordinal);
          publish(client, published++);
          pods.start(ordinal);
          NatsClusterWaits.healthy(pods, ordinal, 3);
          publish(client, published++);
        }
        System.out.println(
            "roll of 3 servers onto the grown store: "
                + Duration.ofNanos(System.nanoTime() - start));
        for (int ordinal = 0; ordinal < 3; ordinal++) {
          assertThat(maxStorage(pods, ordinal)).isEqualTo((long) (2 * GIB * 0.9));
        }
        assertThat(
                client.jetStreamManagement().getStreamInfo("GROW").getStreamState().getMsgCount())
            .as("every message published before and during the roll")
            .isEqualTo(published);
      }
    }
  }

  @Test
  void jetStreamTurnedOnForARunningAppStallsTheRollUntilTheOldPodsRestartThenStoresOnEveryServer(
      @TempDir Path workDir) throws Exception {
    NatsSpec without =
        NatsSpecs.builder("late").jetstream(false, "1Gi").user("app", "App-pw.1").build();
    NatsSpec with =
        NatsSpecs.builder("late").jetstream(true, "1Gi").user("app", "App-pw.1").build();
    try (LocalNatsPods pods =
        new LocalNatsPods(
            without,
            new NatsNames(without.ref(), "cluster.local"),
            NatsRenderer.render(without, NatsSpecs.OPTIONS),
            workDir,
            195)) {
      pods.startAll();
      for (int ordinal = 0; ordinal < 3; ordinal++) {
        NatsClusterWaits.healthy(pods, ordinal, 3);
        assertThat(pods.monitor(ordinal, "/varz").path("jetstream").path("config").isMissingNode())
            .isTrue();
      }

      pods.apply(NatsRenderer.render(with, NatsSpecs.OPTIONS));
      // A rolling update restarts the highest ordinal first. Alone with JetStream among peers
      // without it, that server finds no meta leader and never passes the readiness probe, so the
      // roll stops there (the others keep serving) until the remaining old pods are restarted too.
      pods.stop(2);
      pods.start(2);
      // The readiness probe, as the kubelet sends it: refused, and the server says why.
      await("pod 2 refuses its readiness probe for want of a meta leader")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  pods.monitor(2, "/healthz?js-server-only=true") == null
                      && pods.log(2)
                          .contains("JetStream has not established contact with a meta leader"));
      try (Connection client = connect(pods)) {
        assertThat(client.getStatus()).isEqualTo(Connection.Status.CONNECTED);
        client.flush(REQUEST);

        pods.stop(1);
        pods.stop(0);
        pods.start(1);
        pods.start(0);
        NatsClusterWaits.formed(pods, 3);
        NatsStreams.create(
            client,
            StreamConfiguration.builder()
                .name("LATE")
                .subjects("late.>")
                .replicas(3)
                .storageType(StorageType.File)
                .build());
        PublishAck ack =
            client.jetStream().publish("late.one", "1".getBytes(StandardCharsets.UTF_8));
        assertThat(ack.getSeqno()).isEqualTo(1);
      }
      for (int ordinal = 0; ordinal < 3; ordinal++) {
        assertThat(maxStorage(pods, ordinal)).isEqualTo((long) (GIB * 0.9));
        assertThat(Files.isDirectory(pods.podDir(ordinal).resolve("data/jetstream")))
            .as("pod %d keeps the stream on its volume", ordinal)
            .isTrue();
      }
    }
  }

  private static void publish(Connection client, int i) throws Exception {
    await("message " + i + " stored")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptionsInstanceOf(IOException.class)
        .ignoreExceptionsInstanceOf(JetStreamApiException.class)
        .until(
            () -> client.jetStream().publish("grow.m", ("m" + i).getBytes(StandardCharsets.UTF_8)),
            ack -> ack.getSeqno() > 0);
  }

  private static long maxStorage(LocalNatsPods pods, int ordinal) throws IOException {
    JsonNode jsz =
        pods.awaitMonitor(
            ordinal, "/jsz", j -> j.path("config").has("max_storage"), Duration.ofSeconds(30));
    return jsz.path("config").path("max_storage").asLong();
  }

  private static void signalReload(LocalNatsPods pods, int ordinal) throws Exception {
    Path natsServer = RealBinaries.require("nats-server", "nats-server");
    Process signal =
        new ProcessBuilder(
                natsServer.toString(),
                "--signal",
                "reload=" + pods.podDir(ordinal).resolve("nats.pid"))
            .redirectErrorStream(true)
            .start();
    assertThat(signal.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }

  private static Connection connect(LocalNatsPods pods) throws Exception {
    return Nats.connect(
        new Options.Builder()
            .servers(new String[] {pods.clientUrl(0), pods.clientUrl(1), pods.clientUrl(2)})
            .userInfo("app", "App-pw.1")
            .connectionTimeout(REQUEST)
            .maxReconnects(-1)
            .reconnectWait(Duration.ofMillis(200))
            .build());
  }

  private static String configHash(DesiredState state) {
    return state.objects().stream()
        .filter(StatefulSet.class::isInstance)
        .map(StatefulSet.class::cast)
        .findFirst()
        .orElseThrow()
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(MooringLabels.CONFIG_HASH_ANNOTATION);
  }
}
