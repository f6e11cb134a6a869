package io.mooring.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A file name or key from git must not forge report lines, recolour a terminal or reorder text. */
class ControlCharactersTest {

  @Test
  void controlCharactersAreWrittenAsEscapes() {
    assertThat(ControlCharacters.escape("a\nb\rc\td\u001b[31me\u0000f\u007fg\u0085h"))
        .isEqualTo("a\\nb\\rc\\td\\u001b[31me\\u0000f\\u007fg\\u0085h");
    assertThat(ControlCharacters.escape("x\u2028y\u202ez\u2066"))
        .isEqualTo("x\\u2028y\\u202ez\\u2066");
  }

  @Test
  void printableTextIsKeptAsWritten() {
    String text = "apps/été/cache.yaml:3:1 spec.size: got \"1 Gi\" \\ 日本";
    assertThat(ControlCharacters.escape(text)).isSameAs(text);
  }

  @Test
  void aProblemLineEscapesTheFileNameTheKeyAndTheValue() {
    String yaml =
        """
        apiVersion: apps.cozystack.io/v1alpha1
        kind: Redis
        metadata:
          name: cache
        spec:
          "size\\e[2J": 1Gi
          replicas: "three\\nevil.yaml:1:1 forged"
        """;

    SpecParseResult result =
        SpecParser.standard(SpecParserOptions.defaults())
            .parse(List.of(SpecFile.of("apps/x\u001b[31m\n.yaml", yaml)));

    assertThat(result.errors())
        .hasSize(2)
        .extracting(SpecError::toString)
        .allSatisfy(
            line -> {
              assertThat(line).startsWith("apps/x\\u001b[31m\\n.yaml:").doesNotContain("\n");
              assertThat(line.chars()).noneMatch(Character::isISOControl);
            })
        .anySatisfy(line -> assertThat(line).contains("unknown field \"size\\u001b[2J\""))
        .anySatisfy(line -> assertThat(line).contains("got \"three\\nevil.yaml:1:1 forged\""));
  }
}
