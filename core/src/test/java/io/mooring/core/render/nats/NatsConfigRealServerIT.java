package io.mooring.core.render.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.NatsSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof 1: real nats-server accepts every rendered nats.conf, including those with config.merge.
 */
class NatsConfigRealServerIT {
  @TempDir Path workDir;

  private LocalNatsPods pods(NatsSpec spec, String dir) {
    DesiredState state = NatsRenderer.render(spec, NatsSpecs.OPTIONS);
    return new LocalNatsPods(
        spec, new NatsNames(spec.ref(), "cluster.local"), state, workDir.resolve(dir), 21);
  }

  static Map<String, NatsSpec> renderedCases() {
    Map<String, Object> awkward = new LinkedHashMap<>();
    awkward.put("max_payload", "2MB");
    awkward.put("max_pending", "64MiB");
    awkward.put("ping_interval", "20s");
    awkward.put("max_connections", 1000);
    awkward.put("server_tags", List.of("region:eu \"west\"", "path\\with\\backslashes"));
    awkward.put("jetstream", Map.of("max_memory_store", "16MB", "max_outstanding_catchup", "32MB"));
    awkward.put("cluster", Map.of("connect_retries", 30));
    awkward.put(
        "accounts",
        Map.of(
            "AUDIT", Map.of("users", List.of(Map.of("nkey", NatsRendererGoldenTest.AUDIT_NKEY)))));
    Map<String, NatsSpec> cases = new LinkedHashMap<>();
    cases.put("seed Nats with users", NatsSpecs.seedNats());
    cases.put("seed NATS with merge and resolver", NatsSpecs.seedFullNats());
    cases.put("replicas 1", NatsSpecs.builder("solo").replicas(1).user("app", "secret").build());
    cases.put(
        "jetstream disabled",
        NatsSpecs.builder("bus").replicas(2).jetstream(false, "1Gi").user("app", null).build());
    cases.put(
        "users with and without passwords",
        NatsSpecs.builder("events")
            .user("admin", "p@ss:w0rd/x-1|~")
            .user("billing.reader", null)
            .build());
    cases.put(
        "awkward merge values",
        NatsSpecs.builder("odd").replicas(5).user("app", null).merge(awkward).build());
    cases.put(
        "resolver",
        NatsSpecs.builder("jwt").resolver(Map.of("type", "full", "dir", "/data/resolver")).build());
    cases.put(
        "resolver without JetStream, one pod",
        NatsSpecs.builder("jwt1")
            .replicas(1)
            .jetstream(false, "1Gi")
            .user("app", null)
            .resolver(Map.of("interval", "2m", "timeout", "5s", "allow_delete", true))
            .build());
    cases.put("no users", NatsSpecs.builder("open").replicas(3).build());
    return cases;
  }

  @Test
  void natsServerAcceptsEveryRenderedConfig() {
    renderedCases()
        .forEach(
            (name, spec) -> {
              LocalNatsPods pods = pods(spec, name.replace(' ', '-'));
              for (int ordinal = 0; ordinal < spec.replicas(); ordinal++) {
                LocalNatsPods.Result result = pods.testConfig(ordinal);
                assertThat(result.exitCode()).as(name + ": " + result.output()).isZero();
                assertThat(result.output()).as(name).contains("is valid");
              }
            });
  }
}
