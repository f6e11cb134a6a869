package io.mooring.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Valid NATS specs that validate warns about, each at the field it is about. */
class NatsSpecWarningsTest {
  private static final String HEAD =
      """
      apiVersion: apps.cozystack.io/v1alpha1
      kind: NATS
      metadata:
        name: bus
      spec:
        replicas: 3
      """;

  private final SpecParser parser = SpecParser.standard(SpecParserOptions.defaults());

  private List<String> warnings(String spec) {
    SpecParseResult result = parser.parse(List.of(SpecFile.of("bus.yaml", HEAD + spec)));
    assertThat(result.valid()).as(result.errors().toString()).isTrue();
    return result.warnings().stream().map(SpecError::toString).toList();
  }

  @Test
  void withoutUsersTheServerAcceptsAnyoneWhoCanReachIt() {
    assertThat(warnings(""))
        .containsExactly(
            "bus.yaml:6:3 spec.users: warning: no users: clients are not authenticated; the server"
                + " accepts anyone who can reach it in the cluster; add users to require a login");
    assertThat(warnings("  users: {}\n"))
        .singleElement()
        .asString()
        .startsWith("bus.yaml:7:10 spec.users: warning: no users: clients are not authenticated");
  }

  @Test
  void withoutUsersAndExternalAnyoneOnTheNetworkGetsIn() {
    assertThat(warnings("  external: true\n"))
        .singleElement()
        .asString()
        .contains("spec.users")
        .contains("with external: true the server accepts anyone on the network");
  }

  @Test
  void inOperatorModeWithoutUsersNoClientCanConnect() {
    assertThat(warnings("  config:\n    resolver:\n      type: full\n"))
        .singleElement()
        .asString()
        .contains("spec.users")
        .contains("no client can connect");
  }

  @Test
  void inOperatorModePasswordsAreIgnoredAtEachPassword() {
    String spec =
        """
          users:
            admin:
              password: Admin-pw.1
            reporter: {}
          config:
            resolver:
              dir: /data/nats/resolver
        """;
    assertThat(warnings(spec))
        .containsExactly(
            "bus.yaml:9:17 spec.users.admin.password: warning: ignored: with spec.config.resolver the"
                + " app runs in operator (JWT) mode, where admin logs in with the creds file Mooring"
                + " generates for it, not a password");
  }

  @Test
  void usersWithPasswordsOutsideOperatorModeAreNotWarnedAbout() {
    assertThat(warnings("  users:\n    admin:\n      password: Admin-pw.1\n")).isEmpty();
  }

  @Test
  void theFullResolversOptionsAreAccepted() {
    String spec =
        """
          users:
            app: {}
          config:
            resolver:
              type: FULL
              dir: /data/resolver
              allow_delete: true
              hard_delete: false
              interval: 1m30s
              timeout: 500ms
              limit: 1000
        """;
    assertThat(warnings(spec)).isEmpty();
  }
}
