package io.mooring.core.render.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.NatsSpec;
import io.mooring.core.testing.Golden;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every object of each NATS case, compared with golden YAML under golden/nats/. */
class NatsRendererGoldenTest {
  static final String AUDIT_NKEY = "UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4";

  private static DesiredState render(NatsSpec spec) {
    return NatsRenderer.render(spec, NatsSpecs.OPTIONS);
  }

  @Test
  void seedNatsKindWithAUser() {
    DesiredState state = render(NatsSpecs.seedNats());
    Golden.assertMatches("nats/seed-nats-users.yaml", state.objects());
    assertThat(state.warnings())
        .singleElement()
        .asString()
        .contains("even replica count with JetStream");
  }

  @Test
  void seedFullExampleWithMergeAndResolver() {
    DesiredState state = render(NatsSpecs.seedFullNats());
    Golden.assertMatches("nats/seed-full-merge-resolver.yaml", state.objects());
    assertThat(state.warnings())
        .singleElement()
        .asString()
        .contains("even replica count with JetStream");
  }

  @Test
  void singleReplicaHasNoClusterBlock() {
    DesiredState state =
        render(NatsSpecs.builder("solo").replicas(1).user("app", "secret-1").build());
    Golden.assertMatches("nats/single-replica.yaml", state.objects());
    assertThat(state.warnings()).isEmpty();
  }

  @Test
  void jetstreamDisabledHasNoStoreAndNoClaim() {
    DesiredState state =
        render(
            NatsSpecs.builder("bus")
                .replicas(2)
                .jetstream(false, "10Gi")
                .user("app", null)
                .build());
    Golden.assertMatches("nats/jetstream-disabled.yaml", state.objects());
    assertThat(state.warnings()).as("an even size only matters for JetStream").isEmpty();
  }

  @Test
  void usersWithAndWithoutPasswordsExternal() {
    NatsSpec spec =
        NatsSpecs.builder("events")
            .replicas(3)
            .external(true)
            .storageClass("replicated")
            .jetstream(true, "20Gi")
            .user("admin", "supersecurepassword")
            .user("client", null)
            .user("billing.reader", null)
            .build();
    Golden.assertMatches("nats/users-mixed-external.yaml", render(spec).objects());
  }

  @Test
  void configMergeDeepMergesIntoGeneratedConfig() {
    Map<String, Object> jetstream = new LinkedHashMap<>();
    jetstream.put("max_memory_store", "64MB");
    Map<String, Object> cluster = new LinkedHashMap<>();
    cluster.put("connect_retries", 30);
    Map<String, Object> other = new LinkedHashMap<>();
    // An nkey user: only its public key is written, so nothing secret reaches the ConfigMap.
    other.put("users", List.of(Map.of("nkey", AUDIT_NKEY)));
    Map<String, Object> merge = new LinkedHashMap<>();
    merge.put("debug", true);
    merge.put("trace", true);
    merge.put("jetstream", jetstream);
    merge.put("cluster", cluster);
    merge.put("accounts", Map.of("AUDIT", other));
    merge.put("lame_duck_grace_period", null);
    NatsSpec spec =
        NatsSpecs.builder("events").user("admin", "supersecurepassword").merge(merge).build();
    Golden.assertMatches("nats/config-merge.yaml", render(spec).objects());
  }

  @Test
  void configResolverSetsTheResolverBlock() {
    Map<String, Object> resolver = new LinkedHashMap<>();
    resolver.put("type", "full");
    resolver.put("dir", "/data/resolver");
    resolver.put("allow_delete", false);
    resolver.put("interval", "2m");
    NatsSpec spec = NatsSpecs.builder("events").user("admin", null).resolver(resolver).build();
    Golden.assertMatches("nats/config-resolver.yaml", render(spec).objects());
  }
}
