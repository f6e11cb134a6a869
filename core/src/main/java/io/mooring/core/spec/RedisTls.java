package io.mooring.core.spec;

import java.util.Optional;

/**
 * TLS of a Redis app: off, on with Mooring's own CA per namespace, or on with certificates a
 * cert-manager issuer signs.
 */
public record RedisTls(boolean enabled, Optional<IssuerRef> issuerRef) {
  public static final RedisTls DISABLED = new RedisTls(false, Optional.empty());

  /** On, with server certificates signed by the namespace's own CA. */
  public static final RedisTls OWN_CA = new RedisTls(true, Optional.empty());

  /** On, with certificates cert-manager issues from {@code issuerRef}. */
  public boolean certManager() {
    return enabled && issuerRef.isPresent();
  }

  /**
   * A cert-manager issuer: {@code kind} is {@code Issuer} (the app's namespace) or {@code
   * ClusterIssuer}; {@code group} is cert-manager's own unless an external issuer's.
   */
  public record IssuerRef(String name, String kind, String group) {
    public static final String CERT_MANAGER_GROUP = "cert-manager.io";

    public IssuerRef(String name, String kind) {
      this(name, kind, CERT_MANAGER_GROUP);
    }
  }
}
