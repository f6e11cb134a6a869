package io.mooring.core.render.common;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Optional;

/**
 * cert-manager's {@code Certificate}, as Mooring renders it for an app whose certificates an issuer
 * of cert-manager signs: the kind, its API, and the one field others read, the Secret cert-manager
 * writes the certificate, its key and the CA into.
 */
public final class CertManagerCertificate {
  public static final String GROUP = "cert-manager.io";
  public static final String VERSION = "v1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String KIND = "Certificate";
  public static final String PLURAL = "certificates";

  /** cert-manager sets it on every Secret it writes: the name of the Certificate it issued. */
  public static final String CERTIFICATE_NAME_ANNOTATION = "cert-manager.io/certificate-name";

  private CertManagerCertificate() {}

  public static boolean is(HasMetadata object) {
    return KIND.equals(object.getKind()) && API_VERSION.equals(object.getApiVersion());
  }

  /** The Secret a Certificate asks cert-manager to fill; empty for any other object. */
  public static Optional<String> secretName(HasMetadata object) {
    if (!is(object) || !(object instanceof GenericKubernetesResource certificate)) {
      return Optional.empty();
    }
    Object spec = certificate.getAdditionalProperties().get("spec");
    return spec instanceof Map<?, ?> fields && fields.get("secretName") instanceof String name
        ? Optional.of(name)
        : Optional.empty();
  }
}
