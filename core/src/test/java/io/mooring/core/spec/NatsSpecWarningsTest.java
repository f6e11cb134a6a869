package io.mooring.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Risky but legal NATS settings: warned about where validate, render, diff and sync all see it. */
class NatsSpecWarningsTest {
  private static final String HEAD =
      "apiVersion: apps.cozystack.io/v1alpha1\nkind: NATS\nmetadata:\n  name: events\nspec:\n";

  private static List<String> warnings(String spec) {
    SpecParseResult result =
        SpecParser.standard(SpecParserOptions.defaults())
            .parse(List.of(SpecFile.of("nats.yaml", HEAD + spec)));
    assertThat(result.errors()).isEmpty();
    assertThat(result.specs()).hasSize(1);
    return result.warnings().stream().map(SpecError::toString).toList();
  }

  @Test
  void aResolverWithoutAnOperatorIsWarnedAboutAtTheResolver() {
    assertThat(
            warnings(
                "  replicas: 3\n  config:\n    merge:\n      debug: true\n    resolver:\n      type: full\n"))
        .containsExactly(
            "nats.yaml:11:7 spec.config.resolver: warning: a resolver works only in operator (JWT)"
                + " mode; without spec.config.merge.operator nats-server exits with \"no operator key found\"");
  }

  @Test
  void aResolverWithAnOperatorIsNotWarnedAbout() {
    assertThat(
            warnings(
                """
                  replicas: 3
                  config:
                    merge:
                      operator: /etc/nats/operator.jwt
                    resolver:
                      type: full
                      dir: /data/resolver
                """))
        .isEmpty();
  }
}
