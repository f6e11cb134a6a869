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
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JetStream store on three real nats-server processes running the rendered nats.conf: {@code
 * max_file_store} is 90% of the volume; a grown volume raises it through the roll the new config
 * hash causes (nats-server refuses to reload it, shown here), while the cluster keeps serving.
 * JetStream turned on later: {@link NatsJetStreamJoinRealServerIT}.
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
        try (AckedPublisher publisher = new AckedPublisher(client, "grow.m")) {
          publisher.awaitMoreThan(10, "before the change");

          // The config-reload path first: nats-server refuses the new limit while JetStream runs
          // and keeps serving with the old one.
          pods.apply(after);
          pods.writeConfig(0);
          signalReload(pods, 0);
          await("pod 0 answers the reload")
              .atMost(Duration.ofSeconds(10))
              .until(() -> pods.log(0).contains("config reload not supported for jetstream max"));
          assertThat(maxStorage(pods, 0)).as("a reload leaves it").isEqualTo((long) (GIB * 0.9));
          publisher.awaitMoreThan(publisher.count(), "after the refused reload");

          // The roll, one pod at a time as the controller makes it: the next pod goes once the
          // restarted one passes its startup probe (its streams caught up) and readiness probe
          // (a current member of the meta group).
          long start = System.nanoTime();
          for (int ordinal = 2; ordinal >= 0; ordinal--) {
            pods.stop(ordinal);
            publisher.awaitMoreThan(publisher.count(), "while pod " + ordinal + " is down");
            pods.start(ordinal);
            TemplateProbes.awaitReady(pods, ordinal);
            NatsClusterWaits.healthy(pods, ordinal, 3);
            publisher.awaitMoreThan(publisher.count(), "after pod " + ordinal + " restarted");
          }
          List<String> acked = publisher.stop();
          System.out.println(
              "roll of 3 servers onto the grown store: "
                  + Duration.ofNanos(System.nanoTime() - start)
                  + ", "
                  + acked.size()
                  + " messages acknowledged");
          for (int ordinal = 0; ordinal < 3; ordinal++) {
            assertThat(maxStorage(pods, ordinal)).isEqualTo((long) (2 * GIB * 0.9));
          }
          assertThat(stored(client, "GROW"))
              .as("every acknowledged message, each once")
              .containsExactlyElementsOf(acked);
        }
      }
    }
  }

  /** The stream's messages' payloads, in stream order. */
  private static List<String> stored(Connection client, String stream) throws Exception {
    JetStreamManagement jsm = client.jetStreamManagement();
    long last = jsm.getStreamInfo(stream).getStreamState().getLastSequence();
    List<String> payloads = new ArrayList<>();
    for (long seq = 1; seq <= last; seq++) {
      payloads.add(new String(jsm.getMessage(stream, seq).getData(), StandardCharsets.UTF_8));
    }
    return payloads;
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
