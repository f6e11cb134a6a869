package io.mooring.core.render.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.spec.ConnectionSecret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionSecretModelTlsTest {
  private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

  private static Map<String, String> decoded(String scheme, boolean ssl, String ca) {
    Secret secret =
        new ConnectionSecretModel(
                ConnectionSecret.named("events-nats-conn", "NATS_"),
                new ObjectMetaBuilder().withNamespace("shop").withLabels(Map.of()).build(),
                scheme,
                "events-nats.shop.svc",
                4222,
                "app",
                "pw",
                ssl,
                ca)
            .generate()
            .orElseThrow();
    Map<String, String> data = new LinkedHashMap<>();
    secret
        .getData()
        .forEach(
            (key, value) ->
                data.put(
                    key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
    return data;
  }

  @Test
  void withTlsClientsGetTheCaAndATlsUri() {
    Map<String, String> data = decoded("nats", true, CA);

    assertThat(data)
        .containsEntry("NATS_SSL", "true")
        .containsEntry("NATS_CA_CERT", CA)
        .containsEntry("NATS_URI", "tls://app:pw@events-nats.shop.svc:4222");
    assertThat(decoded("redis", true, CA))
        .containsEntry("NATS_URI", "rediss://app:pw@events-nats.shop.svc:4222");
  }

  @Test
  void withoutTlsThereIsNoCaKey() {
    Map<String, String> data = decoded("nats", false, "");

    assertThat(data).containsEntry("NATS_SSL", "false").doesNotContainKey("NATS_CA_CERT");
    assertThat(data).containsEntry("NATS_URI", "nats://app:pw@events-nats.shop.svc:4222");
  }
}
