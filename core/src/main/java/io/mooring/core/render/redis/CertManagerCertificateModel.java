package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.mooring.core.render.common.CertManagerCertificate;
import io.mooring.core.spec.RedisTls;
import io.mooring.core.tls.CertificateAuthority;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cert-manager Certificate of an app whose certificates an issuer signs: it fills the Secret
 * the own CA would have, for the same names, with the same keys ({@code tls.crt}, {@code tls.key},
 * {@code ca.crt}). cert-manager renews it itself; the key is PKCS#8 EC P-256, the form Redis reads.
 * The Secret carries the app's labels, so that Mooring sees it issued and renewed like its own
 * objects: the app syncs, and its servers reload the new certificate.
 */
public final class CertManagerCertificateModel {
  /** As long as the own CA's certificates, renewed at the same two-thirds of their lifetime. */
  private static final String DURATION = CertificateAuthority.SERVER_LIFETIME.toHours() + "h";

  private static final String RENEW_BEFORE =
      CertificateAuthority.SERVER_LIFETIME.dividedBy(3).toHours() + "h";

  private CertManagerCertificateModel() {}

  /**
   * The Certificate that asks {@code issuer} for {@code dnsNames} into {@code secretName}.
   *
   * @param meta the Certificate's metadata: named as the Secret, with the app's labels
   * @param secretLabels the labels cert-manager puts on the Secret it writes
   * @param dnsNames every name a client or peer may reach a server by
   */
  public static GenericKubernetesResource generate(
      ObjectMeta meta,
      String secretName,
      Map<String, String> secretLabels,
      String commonName,
      List<String> dnsNames,
      RedisTls.IssuerRef issuer) {
    Map<String, Object> issuerRef = new LinkedHashMap<>();
    issuerRef.put("name", issuer.name());
    issuerRef.put("kind", issuer.kind());
    issuerRef.put("group", issuer.group());
    Map<String, Object> privateKey = new LinkedHashMap<>();
    privateKey.put("algorithm", "ECDSA");
    privateKey.put("size", 256);
    privateKey.put("encoding", "PKCS8");
    privateKey.put("rotationPolicy", "Always");
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("secretName", secretName);
    spec.put("secretTemplate", Map.of("labels", new LinkedHashMap<>(secretLabels)));
    spec.put("commonName", commonName);
    spec.put("dnsNames", dnsNames);
    spec.put("duration", DURATION);
    spec.put("renewBefore", RENEW_BEFORE);
    spec.put("usages", List.of("server auth", "client auth", "digital signature"));
    spec.put("privateKey", privateKey);
    spec.put("issuerRef", issuerRef);
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(CertManagerCertificate.API_VERSION)
        .withKind(CertManagerCertificate.KIND)
        .withMetadata(meta)
        .addToAdditionalProperties("spec", spec)
        .build();
  }
}
