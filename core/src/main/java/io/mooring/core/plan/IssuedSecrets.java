package io.mooring.core.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.render.common.CertManagerCertificate;
import java.util.Collection;
import java.util.Map;

/**
 * The Secret cert-manager writes for one of an app's Certificates is cert-manager's: it carries the
 * app's labels (so that Mooring sees it change) but Mooring neither renders nor prunes it. A Secret
 * of the same name that cert-manager has not written, such as the one Mooring's own CA filled
 * before the app named an issuer, is Mooring's and goes as any other.
 */
final class IssuedSecrets {
  private IssuedSecrets() {}

  /**
   * True when {@code live} is the Secret cert-manager filled for a Certificate of {@code desired}.
   */
  static boolean isIssuedFor(Collection<HasMetadata> desired, HasMetadata live) {
    if (!(live instanceof Secret secret)) {
      return false;
    }
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    String certificate =
        annotations == null
            ? null
            : annotations.get(CertManagerCertificate.CERTIFICATE_NAME_ANNOTATION);
    return certificate != null
        && desired.stream()
            .filter(CertManagerCertificate::is)
            .anyMatch(
                c ->
                    certificate.equals(c.getMetadata().getName())
                        && CertManagerCertificate.secretName(c)
                            .map(secret.getMetadata().getName()::equals)
                            .orElse(false));
  }
}
