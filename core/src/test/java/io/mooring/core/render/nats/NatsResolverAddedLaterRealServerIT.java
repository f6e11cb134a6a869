package io.mooring.core.render.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.NatsSpec;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resolver added later to a running three-server app without JetStream, on real nats-server
 * processes rolled one pod at a time as the StatefulSet controller does (the set was recreated with
 * the resolver's volume): without JetStream no meta group holds the roll, each restarted pod passes
 * the template's probes, and at the end every server keeps the account JWTs on its new volume and
 * the users' creds files carry messages between servers.
 */
class NatsResolverAddedLaterRealServerIT {
  private static final Duration REQUEST = Duration.ofSeconds(5);

  @Test
  void aResolverAddedLaterRollsThroughAndKeepsTheAccountsOnTheNewVolume(@TempDir Path workDir)
      throws Exception {
    NatsSpec before =
        NatsSpecs.builder("acct").jetstream(false, "1Gi").user("app", "App-pw.1").build();
    NatsSpec after =
        NatsSpecs.builder("acct")
            .jetstream(false, "1Gi")
            .user("app", "App-pw.1")
            .resolver(Map.of("type", "full"))
            .build();
    NatsNames names = new NatsNames(before.ref(), "cluster.local");
    DesiredState withResolver = NatsRenderer.render(after, NatsSpecs.OPTIONS);
    try (LocalNatsPods pods =
        new LocalNatsPods(
            before, names, NatsRenderer.render(before, NatsSpecs.OPTIONS), workDir, 205)) {
      pods.startAll();
      for (int ordinal = 0; ordinal < 3; ordinal++) {
        NatsClusterWaits.healthy(pods, ordinal, 3);
      }

      pods.apply(withResolver);
      for (int ordinal = 2; ordinal >= 0; ordinal--) {
        pods.stop(ordinal);
        pods.start(ordinal);
        TemplateProbes.awaitReady(pods, ordinal);
      }
      for (int ordinal = 0; ordinal < 3; ordinal++) {
        NatsClusterWaits.healthy(pods, ordinal, 3);
        try (Stream<Path> files = Files.list(pods.podDir(ordinal).resolve("data/resolver"))) {
          assertThat(files)
              .as("pod %d keeps the account JWTs on its new volume", ordinal)
              .anySatisfy(file -> assertThat(file.toString()).endsWith(".jwt"));
        }
      }

      String creds = pods.secretValue(names.userSecret("app"), NatsNames.USER_CREDS_KEY);
      try (Connection reader = connect(pods, creds, 0);
          Connection writer = connect(pods, creds, 2)) {
        Subscription orders = reader.subscribe("acct.orders");
        reader.flush(REQUEST);
        await("the subscription reaches pod 2")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> {
                  writer.publish("acct.orders", "one".getBytes(StandardCharsets.UTF_8));
                  writer.flush(REQUEST);
                  Message message = orders.nextMessage(Duration.ofMillis(200));
                  return message != null
                      && "one".equals(new String(message.getData(), StandardCharsets.UTF_8));
                });
      }
    }
  }

  private static Connection connect(LocalNatsPods pods, String creds, int ordinal)
      throws Exception {
    return Nats.connect(
        new Options.Builder()
            .authHandler(Nats.staticCredentials(creds.getBytes(StandardCharsets.UTF_8)))
            .server(pods.clientUrl(ordinal))
            .connectionTimeout(REQUEST)
            .noReconnect()
            .errorListener(new ErrorListener() {})
            .build());
  }
}
