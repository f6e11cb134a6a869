package io.mooring.core.health;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.render.common.CertManagerCertificate;
import io.mooring.core.tls.ServerCertificate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A cert-manager Certificate is healthy once its Secret holds what the servers mount: the
 * certificate, its key and the CA. Until then the pods cannot start and the app waits;
 * cert-manager's own Ready condition, when it says why not, is passed on.
 */
final class CertificateHealth {
  private static final List<String> KEYS =
      List.of(
          ServerCertificate.CERT_KEY, ServerCertificate.PRIVATE_KEY_KEY, ServerCertificate.CA_KEY);

  private CertificateHealth() {}

  /**
   * @param objects the app's live objects, among which cert-manager's Secret is found
   */
  static ObjectHealth of(HasMetadata certificate, Collection<? extends HasMetadata> objects) {
    ObjectKey key = ObjectKey.of(certificate);
    String secretName = CertManagerCertificate.secretName(certificate).orElse(key.name());
    boolean issued =
        objects.stream()
            .filter(Secret.class::isInstance)
            .map(Secret.class::cast)
            .filter(secret -> secretName.equals(secret.getMetadata().getName()))
            .anyMatch(CertificateHealth::holdsEveryKey);
    if (issued) {
      return new ObjectHealth(key, HealthStatus.HEALTHY, "issued into Secret " + secretName);
    }
    String waiting = "waiting for cert-manager to issue Secret " + secretName;
    return new ObjectHealth(
        key,
        HealthStatus.PROGRESSING,
        notReady(certificate)
            .map(reason -> waiting + " (cert-manager: " + reason + ")")
            .orElse(waiting));
  }

  private static boolean holdsEveryKey(Secret secret) {
    Map<String, String> data = secret.getData();
    return data != null
        && KEYS.stream().allMatch(k -> data.get(k) != null && !data.get(k).isEmpty());
  }

  /** The message of a Ready condition that is not True: an unknown issuer, a refused request. */
  private static Optional<String> notReady(HasMetadata certificate) {
    if (!(certificate instanceof GenericKubernetesResource generic)
        || !(generic.getAdditionalProperties().get("status") instanceof Map<?, ?> status)
        || !(status.get("conditions") instanceof List<?> conditions)) {
      return Optional.empty();
    }
    return conditions.stream()
        .filter(Map.class::isInstance)
        .map(c -> (Map<?, ?>) c)
        .filter(c -> "Ready".equals(c.get("type")) && !"True".equals(c.get("status")))
        .map(c -> c.get("message"))
        .filter(Objects::nonNull)
        .map(Object::toString)
        .findFirst();
  }
}
