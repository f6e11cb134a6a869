package io.mooring.core.tls;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.MooringLabels;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one CA of a namespace, kept as PEM in the Secret {@value #SECRET_NAME}. Like a generated
 * password it is created once and never regenerated while the Secret exists: both keys are listed
 * as generated, so the planner keeps their live values, and every render signs with the live CA.
 */
public final class NamespaceCa {
  public static final String SECRET_NAME = "mooring-ca";
  public static final String CERT_KEY = "ca.crt";
  public static final String PRIVATE_KEY_KEY = "ca.key";

  private NamespaceCa() {}

  /** The live CA when the Secret holds one, else a new one. */
  public static CertificateAuthority liveOrNew(
      Optional<String> liveCertificatePem,
      Optional<String> livePrivateKeyPem,
      String namespace,
      Clock clock) {
    if (liveCertificatePem.isPresent() && livePrivateKeyPem.isPresent()) {
      return CertificateAuthority.fromPem(liveCertificatePem.get(), livePrivateKeyPem.get());
    }
    return CertificateAuthority.create(namespace, clock);
  }

  /**
   * The CA of the live Secret among {@code live}, else a new one. The reconciler adds the
   * namespace's {@value #SECRET_NAME} to every app's live Secrets, since it carries no app label.
   */
  public static CertificateAuthority live(LiveSecrets live, String namespace, Clock clock) {
    return liveOrNew(
        live.value(SECRET_NAME, CERT_KEY),
        live.value(SECRET_NAME, PRIVATE_KEY_KEY),
        namespace,
        clock);
  }

  /**
   * The Secret that keeps {@code ca}; no app label, since every TLS app of the namespace uses it.
   */
  public static Secret secret(CertificateAuthority ca, String namespace) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MooringLabels.MANAGED_BY, MooringLabels.MANAGER);
    Map<String, String> data = new LinkedHashMap<>();
    data.put(CERT_KEY, base64(ca.certificatePem()));
    data.put(PRIVATE_KEY_KEY, base64(ca.privateKeyPem()));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(SECRET_NAME)
        .withNamespace(namespace)
        .withLabels(labels)
        .addToAnnotations(MooringLabels.GENERATED_KEYS_ANNOTATION, CERT_KEY + "," + PRIVATE_KEY_KEY)
        .endMetadata()
        .withType("Opaque")
        .withData(data)
        .build();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
