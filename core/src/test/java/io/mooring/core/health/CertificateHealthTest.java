package io.mooring.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A cert-manager Certificate is healthy once the Secret the pods mount holds all three files. */
class CertificateHealthTest {
  @Test
  void withoutItsSecretTheCertificateWaitsAndSaysWhyCertManagerHasNotIssued() {
    GenericKubernetesResource certificate =
        certificate(
            Map.of(
                "conditions",
                List.of(
                    Map.of(
                        "type",
                        "Ready",
                        "status",
                        "False",
                        "message",
                        "Issuer shop-ca not found"))));

    ObjectHealth health = Health.ofAll(List.of(certificate)).get(0);

    assertThat(health.status()).isEqualTo(HealthStatus.PROGRESSING);
    assertThat(health.message())
        .isEqualTo(
            "waiting for cert-manager to issue Secret cache-redis-tls (cert-manager: Issuer shop-ca"
                + " not found)");
  }

  @Test
  void aSecretWithoutTheCaIsNotYetEnoughForTheServers() {
    List<HasMetadata> objects =
        List.of(certificate(Map.of()), secret(Map.of("tls.crt", "Yw==", "tls.key", "aw==")));

    assertThat(Health.ofAll(objects).get(0).status()).isEqualTo(HealthStatus.PROGRESSING);
    assertThat(Health.overall(Health.ofAll(objects))).isEqualTo(HealthStatus.PROGRESSING);
  }

  @Test
  void aSecretWithCertificateKeyAndCaMakesItHealthy() {
    List<HasMetadata> objects =
        List.of(
            certificate(Map.of()),
            secret(Map.of("tls.crt", "Yw==", "tls.key", "aw==", "ca.crt", "Yw==")));

    assertThat(Health.ofAll(objects).get(0))
        .extracting(ObjectHealth::status, ObjectHealth::message)
        .containsExactly(HealthStatus.HEALTHY, "issued into Secret cache-redis-tls");
  }

  private static GenericKubernetesResource certificate(Map<String, Object> status) {
    GenericKubernetesResourceBuilder builder =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("cert-manager.io/v1")
            .withKind("Certificate")
            .withNewMetadata()
            .withName("cache-redis-tls")
            .withNamespace("shop")
            .endMetadata()
            .addToAdditionalProperties("spec", Map.of("secretName", "cache-redis-tls"));
    return status.isEmpty()
        ? builder.build()
        : builder.addToAdditionalProperties("status", status).build();
  }

  private static Secret secret(Map<String, String> data) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("cache-redis-tls")
        .withNamespace("shop")
        .endMetadata()
        .withData(data)
        .build();
  }
}
