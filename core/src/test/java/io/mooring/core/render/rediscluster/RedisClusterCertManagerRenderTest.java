package io.mooring.core.render.rediscluster;

import static io.mooring.core.testing.RenderedObjects.decoded;
import static io.mooring.core.testing.RenderedObjects.named;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.spec.RedisTls;
import io.mooring.core.testing.CertManagerIssuer;
import io.mooring.core.tls.NamespaceCa;
import io.mooring.core.tls.Pem;
import io.mooring.core.tls.ServerCertificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A RedisCluster with {@code tls.issuerRef}: cert-manager fills the Secret the own CA would have,
 * for the same names, and the connection Secret takes the CA cert-manager wrote.
 */
class RedisClusterCertManagerRenderTest {
  private static final RedisTls ISSUED =
      new RedisTls(true, Optional.of(new RedisTls.IssuerRef("shop-ca", "Issuer")));
  private static final RedisClusterSpec SPEC =
      RedisClusterTestSpecs.spec("c", 3, 1, true).withTls(ISSUED);
  private static final RedisClusterNames NAMES = new RedisClusterNames(SPEC.ref(), "cluster.local");

  private final DesiredState state =
      RedisClusterRenderer.render(SPEC, RedisClusterTestSpecs.OPTIONS);

  @Test
  void theCertificateAsksForEveryNameTheOwnCaWouldSignIntoTheSameSecret() throws Exception {
    GenericKubernetesResource certificate = certificate(state);
    Map<String, Object> fields = map(certificate.getAdditionalProperties().get("spec"));

    assertThat(certificate.getApiVersion()).isEqualTo("cert-manager.io/v1");
    assertThat(certificate.getMetadata().getName()).isEqualTo(NAMES.tlsSecret());
    assertThat(fields.get("secretName")).isEqualTo(NAMES.tlsSecret());
    assertThat(fields.get("dnsNames")).isEqualTo(ownCaNames());
    assertThat(fields.get("issuerRef"))
        .isEqualTo(Map.of("name", "shop-ca", "kind", "Issuer", "group", "cert-manager.io"));
    assertThat(fields).containsEntry("duration", "2160h").containsEntry("renewBefore", "720h");
    assertThat(map(map(fields.get("secretTemplate")).get("labels")))
        .containsEntry(MooringLabels.APP, SPEC.ref().labelValue())
        .containsEntry(MooringLabels.MANAGED_BY, MooringLabels.MANAGER);
  }

  @Test
  void mooringRendersNeitherTheSecretNorTheNamespaceCaAndEveryShardMountsTheSecret() {
    assertThat(state.objects())
        .filteredOn(Secret.class::isInstance)
        .extracting(o -> o.getMetadata().getName())
        .doesNotContain(NAMES.tlsSecret(), NamespaceCa.SECRET_NAME);
    for (int shard = 0; shard < 3; shard++) {
      assertThat(
              named(state, StatefulSet.class, NAMES.shard(shard))
                  .getSpec()
                  .getTemplate()
                  .getSpec()
                  .getVolumes())
          .anyMatch(
              v ->
                  v.getSecret() != null && NAMES.tlsSecret().equals(v.getSecret().getSecretName()));
    }
  }

  @Test
  void theConnectionSecretTakesTheCaOnceCertManagerWroteIt() {
    Secret waiting = named(state, Secret.class, SPEC.connectionSecret().name());
    assertThat(waiting.getData()).doesNotContainKey("REDIS_CA_CERT");

    CertManagerIssuer issuer = new CertManagerIssuer("shop-ca", Clock.systemUTC());
    List<HasMetadata> live = new ArrayList<>(state.objects());
    live.add(issuer.issue(certificate(state)));
    DesiredState issued =
        RedisClusterRenderer.render(SPEC, RedisClusterTestSpecs.OPTIONS, LiveSecrets.of(live));

    assertThat(
            decoded(named(issued, Secret.class, SPEC.connectionSecret().name()), "REDIS_CA_CERT"))
        .isEqualTo(issuer.caPem());
    assertThat(issued.objects())
        .filteredOn(Secret.class::isInstance)
        .extracting(o -> o.getMetadata().getName())
        .doesNotContain(NAMES.tlsSecret());
  }

  /** The SANs of the certificate the namespace's own CA signs for the same cluster. */
  private static List<String> ownCaNames() throws Exception {
    DesiredState own =
        RedisClusterRenderer.render(SPEC.withTls(RedisTls.OWN_CA), RedisClusterTestSpecs.OPTIONS);
    return Pem.certificate(
            decoded(named(own, Secret.class, NAMES.tlsSecret()), ServerCertificate.CERT_KEY))
        .getSubjectAlternativeNames()
        .stream()
        .map(n -> n.get(1).toString())
        .toList();
  }

  private static GenericKubernetesResource certificate(DesiredState state) {
    return named(state, GenericKubernetesResource.class, NAMES.tlsSecret());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }
}
