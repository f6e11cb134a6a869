package io.mooring.core.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.mooring.core.render.common.CertManagerCertificate;
import io.mooring.core.tls.CertificateAuthority;
import io.mooring.core.tls.ServerCertificate;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays cert-manager for a test: issues the certificate a {@code Certificate} asks for from a CA of
 * the test's own, into the Secret it names, with the template's labels and the annotations
 * cert-manager sets.
 */
public final class CertManagerIssuer {
  private final CertificateAuthority ca;
  private final Clock clock;

  public CertManagerIssuer(String name, Clock clock) {
    this.ca = CertificateAuthority.create(name, clock);
    this.clock = clock;
  }

  public String caPem() {
    return ca.certificatePem();
  }

  /** The Secret cert-manager would write for {@code certificate}. */
  public Secret issue(GenericKubernetesResource certificate) {
    Map<String, Object> spec = map(certificate.getAdditionalProperties().get("spec"));
    @SuppressWarnings("unchecked")
    List<String> names = (List<String>) spec.get("dnsNames");
    Map<String, Object> template = map(spec.get("secretTemplate"));
    @SuppressWarnings("unchecked")
    Map<String, String> labels = (Map<String, String>) template.get("labels");
    ServerCertificate issued = ca.issue(names, clock, Duration.ofDays(90));
    Map<String, String> data = new LinkedHashMap<>();
    data.put(ServerCertificate.CERT_KEY, base64(issued.certificatePem()));
    data.put(ServerCertificate.PRIVATE_KEY_KEY, base64(issued.privateKeyPem()));
    data.put(ServerCertificate.CA_KEY, base64(issued.caPem()));
    return new SecretBuilder()
        .withNewMetadata()
        .withName((String) spec.get("secretName"))
        .withNamespace(certificate.getMetadata().getNamespace())
        .withLabels(labels)
        .addToAnnotations(
            CertManagerCertificate.CERTIFICATE_NAME_ANNOTATION, certificate.getMetadata().getName())
        .addToAnnotations(
            "cert-manager.io/issuer-name", (String) map(spec.get("issuerRef")).get("name"))
        .endMetadata()
        .withType("kubernetes.io/tls")
        .withData(data)
        .build();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
