package io.mooring.core.tls;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A certificate is renewed once two-thirds of its lifetime have passed: early enough that a missed
 * sync or two still leaves a valid certificate, late enough that certificates are not reissued on
 * every sync.
 */
public final class RenewalRule {
  private RenewalRule() {}

  public static boolean isDue(X509Certificate certificate, Clock clock) {
    return !clock.instant().isBefore(renewAt(certificate));
  }

  public static Instant renewAt(X509Certificate certificate) {
    Instant notBefore = certificate.getNotBefore().toInstant();
    Instant notAfter = certificate.getNotAfter().toInstant();
    Duration lifetime = Duration.between(notBefore, notAfter);
    return notBefore.plus(lifetime.multipliedBy(2).dividedBy(3));
  }
}
