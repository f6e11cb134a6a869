package io.mooring.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.core.render.Renderer;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.render.common.SpecRenderException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Problems reach the unauthenticated status page, logs and CI output: a problem with a field that
 * can hold a credential names the kind of value it found, never the value. Every credential-bearing
 * field of Cozystack's specs is tried in every wrong shape, through the parser and the renderer.
 */
class CredentialValuesTest {
  private static final String WORD = "ScalarPw-111";
  private static final String NUMBER = "9876543210";
  private final SpecParser parser = SpecParser.standard(SpecParserOptions.defaults());

  /**
   * NATS {@code spec} bodies, each wrong somewhere at a credential field; Redis specs hold none
   * (the password is generated, only {@code authEnabled} is written).
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "users: ScalarPw-111",
        "users: 9876543210",
        "users: {user1: \"ScalarPw-111\"}",
        "users: {user1: ScalarPw-111}",
        "users: {user1: 9876543210}",
        "users: {user1: [ScalarPw-111]}",
        "users: {user1: {password: 9876543210}}",
        "users: {user1: {password: 98765.43210}}",
        "users: {user1: {password: [ScalarPw-111]}}",
        "users: {user1: {password: {value: ScalarPw-111}}}",
        "users: {user1: {password: ScalarPw-111, pasword: ScalarPw-111}}",
        "users: {user.with.dots: {password: 9876543210}}",
        "users: {user1: {password: \"ScalarPw-111 with spaces\"}}",
        "users: {user1: {password: \"9876543210\"}}",
        "config: ScalarPw-111",
        "config: {merge: ScalarPw-111}",
        "config: {merge: 9876543210}",
        "config: {merge: [ScalarPw-111]}",
        "config: {resolver: ScalarPw-111}",
        "config: {resolver: 9876543210}",
        "config: {merge: {authorization: {token: ScalarPw-111}}}",
        "config: {merge: {accounts: {app: {users: [{user: a, password: ScalarPw-111}]}}}}",
        "config: {merge: {cluster: {authorization: {password: ScalarPw-111}}}}",
      })
  void aCredentialFieldNeverRepeatsItsValue(String spec) {
    List<String> problems = problems(nats(spec));

    assertThat(problems).as("the spec is refused").isNotEmpty();
    assertThat(problems).noneMatch(line -> line.contains(WORD) || line.contains(NUMBER));
  }

  @Test
  void theValueOfAnyOtherFieldIsStillShown() {
    assertThat(problems(nats("replicas: three")))
        .singleElement()
        .asString()
        .endsWith("must be an integer >= 1, got \"three\"");
    assertThat(problems(nats("users: {user1: ScalarPw-111}")))
        .singleElement()
        .asString()
        .endsWith("spec.users.user1: must be a mapping with an optional password, got a string");
  }

  @Test
  void aPathCoversItsFieldAndEverythingBelowIt() {
    SensitiveFields fields = SensitiveFields.of("spec.users", "spec.userConfig.migration.password");

    assertThat(fields.covers("spec.users")).isTrue();
    assertThat(fields.covers("spec.users.a.b.password")).isTrue();
    assertThat(fields.covers("spec.users[0]")).isTrue();
    assertThat(fields.covers("spec.userConfig.migration.password")).isTrue();
    assertThat(fields.covers("spec.usersExtra")).isFalse();
    assertThat(fields.covers("spec.userConfig.migration.host")).isFalse();
    assertThat(SensitiveFields.NONE.covers("spec.users")).isFalse();
  }

  /** Every problem of parsing the spec, and of rendering it when it parses. */
  private List<String> problems(String yaml) {
    SpecParseResult parsed = parser.parse(List.of(SpecFile.of("apps/bus.yaml", yaml)));
    List<String> problems = new ArrayList<>();
    parsed.errors().forEach(error -> problems.add(error.toString()));
    parsed.warnings().forEach(warning -> problems.add(warning.toString()));
    for (AppSpec spec : parsed.specs()) {
      try {
        new Renderer(RenderOptions.defaults()).render(spec);
      } catch (SpecRenderException refused) {
        problems.add(refused.getMessage());
      }
    }
    return problems;
  }

  private static String nats(String spec) {
    return """
        apiVersion: apps.cozystack.io/v1alpha1
        kind: NATS
        metadata:
          name: bus
          namespace: tenant-x
        spec:
          %s
        """
        .formatted(spec);
  }
}
