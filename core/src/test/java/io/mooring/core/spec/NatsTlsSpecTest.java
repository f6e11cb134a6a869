package io.mooring.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Mooring's {@code tls} extension of Cozystack NATS specs. */
class NatsTlsSpecTest {
  private static final String HEAD =
      """
      apiVersion: apps.cozystack.io/v1alpha1
      kind: NATS
      metadata:
        name: bus
      spec:
        replicas: 3
        users:
          app: {}
      """;

  private final SpecParser parser = SpecParser.standard(SpecParserOptions.defaults());

  private SpecParseResult parse(String spec) {
    return parser.parse(List.of(SpecFile.of("bus.yaml", HEAD + spec)));
  }

  private NatsSpec valid(String spec) {
    SpecParseResult result = parse(spec);
    assertThat(result.valid()).as(result.errors().toString()).isTrue();
    return (NatsSpec) result.specs().get(0);
  }

  @Test
  void tlsIsOffUnlessEnabled() {
    assertThat(valid("").tlsEnabled()).isFalse();
    assertThat(valid("  tls: {}\n").tlsEnabled()).isFalse();
    assertThat(valid("  tls:\n    enabled: false\n").tlsEnabled()).isFalse();
  }

  @Test
  void enablingIsAccepted() {
    assertThat(valid("  tls:\n    enabled: true\n").tlsEnabled()).isTrue();
  }

  @Test
  void aNonBooleanIsAnErrorAtItsLine() {
    SpecParseResult result = parse("  tls:\n    enabled: yes please\n");

    assertThat(result.valid()).isFalse();
    assertThat(result.errors())
        .singleElement()
        .asString()
        .startsWith("bus.yaml:10:14 spec.tls.enabled:");
  }

  @Test
  void anUnknownTlsFieldIsAnErrorAtItsLine() {
    SpecParseResult result = parse("  tls:\n    enabled: false\n    certFile: /x\n");

    assertThat(result.valid()).isFalse();
    assertThat(result.errors())
        .singleElement()
        .asString()
        .startsWith("bus.yaml:11:5 spec.tls.certFile:");
  }
}
