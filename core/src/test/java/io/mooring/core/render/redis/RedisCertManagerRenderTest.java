package io.mooring.core.render.redis;

import static io.mooring.core.testing.RenderedObjects.decoded;
import static io.mooring.core.testing.RenderedObjects.named;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.RedisTls;
import io.mooring.core.testing.CertManagerIssuer;
import io.mooring.core.tls.NamespaceCa;
import io.mooring.core.tls.Pem;
import io.mooring.core.tls.ServerCertificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code tls.issuerRef} changes: cert-manager fills the Secret the own CA would have. */
class RedisCertManagerRenderTest {
  private static final RedisTls ISSUED =
      new RedisTls(true, Optional.of(new RedisTls.IssuerRef("my-ca", "ClusterIssuer")));
  private final RedisSpec spec = RedisTestSpecs.seedThreeReplicas().withTls(ISSUED);
  private final DesiredState state = RedisRenderer.render(spec, RedisTestSpecs.OPTIONS);
  private final RedisNames names = new RedisNames(spec.ref(), "cluster.local");

  @Test
  @SuppressWarnings("unchecked")
  void aCertificateAsksForTheNamesTheOwnCaWouldSignAndTheSameSecret() throws Exception {
    GenericKubernetesResource certificate = certificate(state);
    Map<String, Object> fields = spec(certificate);

    assertThat(certificate.getApiVersion()).isEqualTo("cert-manager.io/v1");
    assertThat(certificate.getMetadata().getLabels())
        .containsEntry(MooringLabels.MANAGED_BY, MooringLabels.MANAGER)
        .containsEntry(MooringLabels.APP, spec.ref().labelValue());
    assertThat(fields.get("secretName")).isEqualTo(names.tlsSecret());
    assertThat(fields.get("dnsNames")).isEqualTo(ownCaNames());
    assertThat(fields.get("issuerRef"))
        .isEqualTo(Map.of("name", "my-ca", "kind", "ClusterIssuer", "group", "cert-manager.io"));
    assertThat((List<Object>) fields.get("usages")).contains("server auth", "client auth");
    // 90 days renewed 30 days before the end: at two-thirds, as the own CA's.
    assertThat(fields).containsEntry("duration", "2160h").containsEntry("renewBefore", "720h");
    assertThat(map(map(fields.get("secretTemplate")).get("labels")))
        .containsEntry(MooringLabels.APP, spec.ref().labelValue())
        .containsEntry(MooringLabels.MANAGED_BY, MooringLabels.MANAGER);
  }

  @Test
  void mooringRendersNeitherTheSecretNorTheNamespaceCa() {
    assertThat(state.objects())
        .filteredOn(Secret.class::isInstance)
        .extracting(o -> o.getMetadata().getName())
        .doesNotContain(names.tlsSecret(), NamespaceCa.SECRET_NAME);
  }

  @Test
  void thePodsMountTheSecretCertManagerFills() {
    List<Volume> redis =
        named(state, StatefulSet.class, names.redis())
            .getSpec()
            .getTemplate()
            .getSpec()
            .getVolumes();
    List<Volume> sentinel =
        named(state, Deployment.class, names.sentinel())
            .getSpec()
            .getTemplate()
            .getSpec()
            .getVolumes();
    for (List<Volume> volumes : List.of(redis, sentinel)) {
      assertThat(volumes)
          .anySatisfy(
              v -> {
                assertThat(v.getName()).isEqualTo(RedisTlsModel.VOLUME);
                assertThat(v.getSecret().getSecretName()).isEqualTo(names.tlsSecret());
              });
    }
  }

  @Test
  void untilTheSecretIsIssuedTheConnectionSecretHasNoCaThenItCarriesTheIssuersCa() {
    CertManagerIssuer issuer = new CertManagerIssuer("test-issuer", Clock.systemUTC());
    Secret issued = issuer.issue(certificate(state));

    DesiredState after =
        RedisRenderer.render(spec, RedisTestSpecs.OPTIONS, LiveSecrets.of(List.of(issued)));

    assertThat(connection(state).getData()).doesNotContainKey("REDIS_CA_CERT");
    assertThat(decoded(connection(state), "REDIS_SSL")).isEqualTo("true");
    assertThat(decoded(connection(after), "REDIS_CA_CERT")).isEqualTo(issuer.caPem());
    assertThat(after.objects())
        .as("the issued Secret stays cert-manager's")
        .noneMatch(o -> o instanceof Secret && o.getMetadata().getName().equals(names.tlsSecret()));
    assertThat(sentinelCertificate(state)).isNull();
    assertThat(sentinelCertificate(after)).as("a renewal rolls the Sentinels").isNotNull();
  }

  /** The names in the certificate Mooring's own CA issues for the same app. */
  private List<String> ownCaNames() throws Exception {
    DesiredState own = RedisRenderer.render(spec.withTls(RedisTls.OWN_CA), RedisTestSpecs.OPTIONS);
    Secret tls = named(own, Secret.class, names.tlsSecret());
    X509Certificate certificate = Pem.certificate(decoded(tls, ServerCertificate.CERT_KEY));
    List<String> sans = new ArrayList<>();
    certificate.getSubjectAlternativeNames().forEach(entry -> sans.add((String) entry.get(1)));
    return sans;
  }

  private String sentinelCertificate(DesiredState rendered) {
    return named(rendered, Deployment.class, names.sentinel())
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(SentinelModel.CERTIFICATE_ANNOTATION);
  }

  private static Secret connection(DesiredState rendered) {
    return rendered.objects().stream()
        .filter(Secret.class::isInstance)
        .map(Secret.class::cast)
        .filter(s -> s.getData().containsKey("REDIS_SSL"))
        .findFirst()
        .orElseThrow();
  }

  private GenericKubernetesResource certificate(DesiredState rendered) {
    return named(rendered, GenericKubernetesResource.class, names.tlsSecret());
  }

  private static Map<String, Object> spec(GenericKubernetesResource certificate) {
    return map(certificate.getAdditionalProperties().get("spec"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }
}
