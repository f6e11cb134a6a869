package io.mooring.core.spec;

import java.util.Optional;

/**
 * TLS of a Redis app: off, on with Mooring's own CA per namespace, or on with certificates a
 * cert-manager issuer signs.
 */
public record RedisTls(boolean enabled, Optional<IssuerRef> issuerRef) {
  public static final RedisTls DISABLED = new RedisTls(false, Optional.empty());

  /**
   * A cert-manager issuer: {@code kind} is {@code Issuer} (the app's namespace) or {@code
   * ClusterIssuer}.
   */
  public record IssuerRef(String name, String kind) {}
}
