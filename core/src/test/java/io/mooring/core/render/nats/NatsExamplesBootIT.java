package io.mooring.core.render.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.NatsSpec;
import io.mooring.core.spec.SpecParseResult;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every NATS app of the examples, rendered and booted on real nats-server processes (from
 * 127.0.0.101 on), one app after the other: each forms its cluster, and a client logs in as the
 * spec says (a creds file in operator mode, a password, or no login without users) and stores a
 * message with JetStream. The examples with a resolver used to crash-loop while validate passed.
 */
class NatsExamplesBootIT {
  @TempDir Path workDir;

  @Test
  void everyNatsExampleBootsAndTakesItsClients() throws Exception {
    SpecParseResult parsed =
        SpecParser.standard(SpecParserOptions.defaults())
            .parsePaths(List.of(Path.of("..", "examples")));
    assertThat(parsed.errors()).isEmpty();
    List<NatsSpec> apps =
        parsed.specs().stream()
            .filter(NatsSpec.class::isInstance)
            .map(NatsSpec.class::cast)
            .toList();
    assertThat(apps).hasSize(5).anyMatch(NatsSpec::operatorMode);

    int firstHost = 101;
    for (NatsSpec spec : apps) {
      NatsNames names = new NatsNames(spec.ref(), "cluster.local");
      DesiredState state = NatsRenderer.render(spec, RenderOptions.defaults());
      try (LocalNatsPods pods =
          new LocalNatsPods(spec, names, state, workDir.resolve(spec.ref().name()), firstHost)) {
        pods.startAll();
        NatsClusterWaits.formed(pods, spec.replicas());
        try (Connection client = Nats.connect(login(spec, names, pods).build())) {
          StreamConfiguration stream =
              StreamConfiguration.builder()
                  .name("EXAMPLE")
                  .subjects("example")
                  .replicas(spec.replicas() >= 3 ? 3 : 1)
                  .build();
          NatsStreams.create(client, stream);
          assertThat(
                  client
                      .jetStream()
                      .publish("example", "hi".getBytes(StandardCharsets.UTF_8))
                      .getSeqno())
              .as(spec.ref().toString())
              .isEqualTo(1);
        }
      }
      firstHost += 3;
    }
  }

  private static Options.Builder login(NatsSpec spec, NatsNames names, LocalNatsPods pods) {
    Options.Builder options =
        new Options.Builder()
            .server(pods.clientUrl(0))
            .connectionTimeout(Duration.ofSeconds(5))
            .noReconnect()
            .errorListener(new ErrorListener() {});
    if (spec.users().isEmpty()) {
      return options;
    }
    String user = spec.users().keySet().iterator().next();
    if (spec.operatorMode()) {
      String creds = pods.secretValue(names.userSecret(user), NatsNames.USER_CREDS_KEY);
      return options.authHandler(Nats.staticCredentials(creds.getBytes(StandardCharsets.UTF_8)));
    }
    return options.userInfo(user, pods.password(user));
  }
}
