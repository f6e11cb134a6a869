package io.mooring.core.render.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.spec.NatsSpec;
import org.junit.jupiter.api.Test;

class NatsTlsConfigTest {
  private static String configOf(NatsSpec spec) {
    NatsNames names = new NatsNames(spec.ref(), "cluster.local");
    return new NatsConfigModel(
            spec,
            names,
            NatsCredentials.of(spec, names, NatsSpecs.PASSWORDS, LiveSecrets.NONE),
            null)
        .text();
  }

  @Test
  void withTlsClientsAndRoutesUseTheMountedCertificateAndRoutesVerifyPeers() {
    String conf = configOf(NatsSpecs.builder("bus").replicas(3).tls(true).build());

    assertThat(conf)
        .contains(
            """
            tls {
              cert_file: "/etc/nats-tls/tls.crt"
              key_file: "/etc/nats-tls/tls.key"
              ca_file: "/etc/nats-tls/ca.crt"
            }
            """)
        .contains(
            """
              tls {
                cert_file: "/etc/nats-tls/tls.crt"
                key_file: "/etc/nats-tls/tls.key"
                ca_file: "/etc/nats-tls/ca.crt"
                verify: true
              }
            """);
  }

  @Test
  void withoutTlsTheConfigHasNoTlsBlock() {
    assertThat(configOf(NatsSpecs.builder("bus").replicas(3).build())).doesNotContain("tls");
  }
}
