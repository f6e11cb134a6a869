package io.mooring.core.render.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.mooring.core.plan.DesiredPreparation;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.NatsSpec;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JetStream turned on for a running three-server app, on real nats-server processes rolled one pod
 * at a time as the StatefulSet controller does, moving on only when a restarted pod passes the
 * template's startup and readiness probes. The first roll runs the join's probes: its first server,
 * alone with JetStream, has no meta leader (the usual readiness probe refuses it) and still turns
 * ready; the second one gives the meta group its quorum. The second roll brings the usual probes
 * back. Clients are served throughout, and at the end every server stores on its new volume.
 */
class NatsJetStreamJoinRealServerIT {
  private static final Duration REQUEST = Duration.ofSeconds(5);
  private static final long GIB = 1L << 30;

  @Test
  void jetStreamTurnedOnForARunningAppRollsThroughWhileClientsAreServed(@TempDir Path workDir)
      throws Exception {
    NatsSpec without =
        NatsSpecs.builder("late").jetstream(false, "1Gi").user("app", "App-pw.1").build();
    NatsSpec with =
        NatsSpecs.builder("late").jetstream(true, "1Gi").user("app", "App-pw.1").build();
    DesiredState before = NatsRenderer.render(without, NatsSpecs.OPTIONS);
    DesiredState joining = prepared(with, setOf(before));
    assertThat(TemplateProbes.paths(joining))
        .as("the first roll waits for JetStream running")
        .containsOnly(NatsJoinProbes.JETSTREAM_RUNNING);

    try (LocalNatsPods pods =
        new LocalNatsPods(
            without, new NatsNames(without.ref(), "cluster.local"), before, workDir, 201)) {
      pods.startAll();
      for (int ordinal = 0; ordinal < 3; ordinal++) {
        NatsClusterWaits.healthy(pods, ordinal, 3);
      }
      AtomicInteger served = new AtomicInteger();
      try (Connection responder = connect(pods);
          Connection client = connect(pods)) {
        Dispatcher echo =
            responder.createDispatcher(
                message -> {
                  served.incrementAndGet();
                  responder.publish(message.getReplyTo(), message.getData());
                });
        echo.subscribe("late.echo");
        responder.flush(REQUEST);
        answered(client, "before the roll");

        pods.apply(joining);
        for (int ordinal = 2; ordinal >= 0; ordinal--) {
          pods.stop(ordinal);
          pods.start(ordinal);
          TemplateProbes.awaitReady(pods, ordinal);
          if (ordinal == 2) {
            assertThat(TemplateProbes.passes(pods, 2, "/healthz?js-server-only=true"))
                .as("alone with JetStream, pod 2 has no meta leader: the usual probe refuses it")
                .isFalse();
            assertThat(pods.log(2)).contains("JetStream has not established contact");
          }
          answered(client, "first roll, pod " + ordinal + " restarted");
        }

        DesiredState joined = prepared(with, rolledOut(setOf(joining)));
        assertThat(TemplateProbes.paths(joined))
            .as("the usual probes come back once the first roll is done")
            .containsExactly("/healthz", "/healthz?js-server-only=true");
        pods.apply(joined);
        for (int ordinal = 2; ordinal >= 0; ordinal--) {
          pods.stop(ordinal);
          pods.start(ordinal);
          TemplateProbes.awaitReady(pods, ordinal);
          NatsClusterWaits.healthy(pods, ordinal, 3);
          answered(client, "second roll, pod " + ordinal + " restarted");
        }
        NatsClusterWaits.formed(pods, 3);

        StreamInfo stream =
            NatsStreams.create(
                client,
                StreamConfiguration.builder()
                    .name("LATE")
                    .subjects("late.orders.>")
                    .replicas(3)
                    .storageType(StorageType.File)
                    .build());
        assertThat(stream.getConfiguration().getReplicas()).isEqualTo(3);
        PublishAck ack =
            client.jetStream().publish("late.orders.one", "1".getBytes(StandardCharsets.UTF_8));
        assertThat(ack.getSeqno()).isEqualTo(1);
        assertThat(served.get()).as("the responder kept its subscription throughout").isPositive();
      }
      for (int ordinal = 0; ordinal < 3; ordinal++) {
        int pod = ordinal;
        JsonNode jsz =
            pods.awaitMonitor(
                pod,
                "/jsz",
                j ->
                    j.path("meta_cluster").path("cluster_size").asInt() == 3
                        && j.path("streams").asInt() == 1,
                NatsClusterWaits.FORMATION);
        assertThat(jsz.path("config").path("max_storage").asLong())
            .as("pod %d runs JetStream with the volume's store", pod)
            .isEqualTo((long) (GIB * 0.9));
        assertThat(jsz.path("config").path("store_dir").asText())
            .startsWith(pods.podDir(pod).resolve("data").toString());
        assertThat(Files.isDirectory(pods.podDir(pod).resolve("data/jetstream")))
            .as("pod %d keeps the stream on its new volume", pod)
            .isTrue();
      }
    }
  }

  /** The objects the reconciler applies for {@code spec} over the live StatefulSet. */
  private static DesiredState prepared(NatsSpec spec, StatefulSet live) {
    return DesiredPreparation.of(spec, "0a1b2c")
        .prepare(NatsRenderer.render(spec, NatsSpecs.OPTIONS), List.<HasMetadata>of(live));
  }

  /** The StatefulSet as the controller reports it once every pod runs its template and is ready. */
  private static StatefulSet rolledOut(StatefulSet set) {
    set.getMetadata().setGeneration(2L);
    set.setStatus(
        new StatefulSetStatusBuilder()
            .withObservedGeneration(2L)
            .withReplicas(3)
            .withReadyReplicas(3)
            .withUpdatedReplicas(3)
            .withCurrentRevision("late-nats-2")
            .withUpdateRevision("late-nats-2")
            .build());
    return set;
  }

  private static StatefulSet setOf(DesiredState state) {
    return state.objects().stream()
        .filter(StatefulSet.class::isInstance)
        .map(StatefulSet.class::cast)
        .findFirst()
        .orElseThrow();
  }

  /** A request answered by the responder, asked again while the client reconnects. */
  private static void answered(Connection client, String when) {
    await("a request answered " + when)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> echoed(client));
  }

  private static boolean echoed(Connection client) {
    try {
      Message reply = client.request("late.echo", "ping".getBytes(StandardCharsets.UTF_8), REQUEST);
      return reply != null && "ping".equals(new String(reply.getData(), StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (RuntimeException e) {
      return false;
    }
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
}
