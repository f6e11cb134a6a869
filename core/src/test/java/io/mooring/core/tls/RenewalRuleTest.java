package io.mooring.core.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenewalRuleTest {
  private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  private static X509Certificate issued(Duration lifetime) {
    CertificateAuthority ca = CertificateAuthority.create("shop", at(ISSUED));
    return ca.issue(List.of("localhost"), at(ISSUED), lifetime).certificate();
  }

  @Test
  void aFreshCertificateIsKept() {
    assertThat(RenewalRule.isDue(issued(Duration.ofDays(90)), at(ISSUED))).isFalse();
  }

  @Test
  void aCertificateIsRenewedOnceTwoThirdsOfItsLifetimeHavePassed() {
    X509Certificate cert = issued(Duration.ofDays(90));
    // notBefore is backdated five minutes against clock skew: the lifetime counts from it.
    Instant twoThirds = RenewalRule.renewAt(cert);

    assertThat(twoThirds)
        .isBetween(ISSUED.plus(Duration.ofDays(59)), ISSUED.plus(Duration.ofDays(60)));
    assertThat(RenewalRule.isDue(cert, at(twoThirds.minusSeconds(1)))).isFalse();
    assertThat(RenewalRule.isDue(cert, at(twoThirds))).isTrue();
    assertThat(RenewalRule.isDue(cert, at(ISSUED.plus(Duration.ofDays(100))))).isTrue();
  }
}
