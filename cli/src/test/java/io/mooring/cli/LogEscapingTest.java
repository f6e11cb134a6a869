package io.mooring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogEscapingTest {

  @Test
  void controlCharactersQuotesAndBackslashesOfAValueAreEscaped() {
    assertThat(LogEscaping.value("a\nb\r\tc")).isEqualTo("a\\nb\\r\\tc");
    assertThat(LogEscaping.value("red \u001b[31m")).isEqualTo("red \\u001b[31m");
    assertThat(LogEscaping.value("say \"hi\" \\ bye")).isEqualTo("say \\\"hi\\\" \\\\ bye");
    assertThat(LogEscaping.value("abc\u202edcba"))
        .as("a right-to-left override")
        .isEqualTo("abc\\u202edcba");
    assertThat(LogEscaping.value("line\u2028separator")).isEqualTo("line\\u2028separator");
    assertThat(LogEscaping.value("\u0085next line")).isEqualTo("\\u0085next line");
  }

  @Test
  void plainTextIsLeftAsItIs() {
    String plain = "apps/team-a/cache.yaml: spec.replicas must be at least 1 (got 0) — ünïcode";
    assertThat(LogEscaping.value(plain)).isSameAs(plain);
    assertThat(LogEscaping.text("reason=\"{}\"")).isEqualTo("reason=\"{}\"");
  }

  @Test
  void keyValuesAreQuotedOnlyWhenTheValueWouldBeAmbiguous() {
    assertThat(pair("revision", "0123abc")).isEqualTo("revision=0123abc");
    assertThat(pair("duration_ms", 12)).isEqualTo("duration_ms=12");
    assertThat(pair("reason", "signature does not match"))
        .isEqualTo("reason=\"signature does not match\"");
    assertThat(pair("reason", "")).isEqualTo("reason=\"\"");
    assertThat(pair("ref", "a=b")).isEqualTo("ref=\"a=b\"");
    assertThat(pair("ref", "x\nINFO forged")).isEqualTo("ref=\"x\\nINFO forged\"");
    assertThat(pair("event", "push\"")).isEqualTo("event=\"push\\\"\"");
  }

  private static String pair(String key, Object value) {
    StringBuilder line = new StringBuilder();
    LogEscaping.appendKeyValue(line, key, value);
    return line.toString();
  }
}
