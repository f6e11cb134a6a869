package io.mooring.core.render.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NatsWarningsTest {

  private static List<String> warnings(int replicas, boolean jetstream) {
    return NatsRenderer.render(
            NatsSpecs.builder("events").replicas(replicas).jetstream(jetstream, "1Gi").build(),
            NatsSpecs.OPTIONS)
        .warnings();
  }

  @Test
  void evenJetstreamClustersAreWarnedAboutOddOnesAreNot() {
    assertThat(warnings(2, true))
        .singleElement()
        .asString()
        .contains(
            "apps/nats.yaml:1:1: spec.replicas: even replica count with JetStream has no fault tolerance")
        .contains("use 3 or 5");
    assertThat(warnings(4, true))
        .singleElement()
        .asString()
        .contains("4 peers survive only 1 failure(s), as 3 do");
    assertThat(warnings(1, true)).isEmpty();
    assertThat(warnings(3, true)).isEmpty();
    assertThat(warnings(5, true)).isEmpty();
    assertThat(warnings(2, false)).isEmpty();
  }

  @Test
  void aResolverRendersOperatorModeWithoutWarnings() {
    var spec =
        NatsSpecs.builder("events")
            .user("app", null)
            .resolver(Map.of("type", "full", "dir", "/data/resolver"))
            .build();
    assertThat(NatsRenderer.render(spec, NatsSpecs.OPTIONS).warnings()).isEmpty();
  }

  @Test
  void zeroReplicasIsAnError() {
    assertThatThrownBy(() -> warnings(0, true))
        .isInstanceOf(NatsRenderException.class)
        .hasMessageContaining("spec.replicas");
  }
}
