package io.mooring.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.SignatureException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final List<String> NAMES =
      ServerNames.forStatefulSet(
          "orders", 3, "orders-headless", List.of("orders"), "shop", "cluster.local");

  @Test
  void aServerCertificateChainsToItsCa() throws GeneralSecurityException {
    CertificateAuthority ca = CertificateAuthority.create("shop", CLOCK);
    ServerCertificate server = ca.issue(NAMES, CLOCK, CertificateAuthority.SERVER_LIFETIME);

    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(CLOCK.instant()));
    CertPathValidator.getInstance("PKIX")
        .validate(
            CertificateFactory.getInstance("X.509").generateCertPath(List.of(server.certificate())),
            parameters);
    assertThat(server.certificate().getExtendedKeyUsage())
        .as("peers present the same certificate on verified routes")
        .contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
  }

  @Test
  void aCertificateFromAnotherCaDoesNotVerify() {
    CertificateAuthority ca = CertificateAuthority.create("shop", CLOCK);
    CertificateAuthority other = CertificateAuthority.create("shop", CLOCK);
    ServerCertificate server = other.issue(NAMES, CLOCK, CertificateAuthority.SERVER_LIFETIME);

    assertThatThrownBy(() -> server.certificate().verify(ca.certificate().getPublicKey()))
        .isInstanceOf(SignatureException.class);
  }

  @Test
  void theCertificateNamesEveryServiceAndPodAndLocalhost() throws GeneralSecurityException {
    CertificateAuthority ca = CertificateAuthority.create("shop", CLOCK);
    X509Certificate cert =
        ca.issue(NAMES, CLOCK, CertificateAuthority.SERVER_LIFETIME).certificate();

    List<String> sans =
        cert.getSubjectAlternativeNames().stream().map(n -> (String) n.get(1)).toList();
    assertThat(sans)
        .contains(
            "orders",
            "orders.shop.svc",
            "orders.shop.svc.cluster.local",
            "orders-headless.shop.svc.cluster.local",
            "orders-0.orders-headless.shop.svc.cluster.local",
            "orders-2.orders-headless",
            "localhost")
        .doesNotContain("orders-3.orders-headless");
  }

  @Test
  void theCaSurvivesAPemRoundTripAndKeepsSigning() throws GeneralSecurityException {
    CertificateAuthority ca = CertificateAuthority.create("shop", CLOCK);
    CertificateAuthority kept =
        CertificateAuthority.fromPem(ca.certificatePem(), ca.privateKeyPem());

    ServerCertificate server =
        kept.issue(List.of("127.0.0.1", "localhost"), CLOCK, CertificateAuthority.SERVER_LIFETIME);
    server.certificate().verify(ca.certificate().getPublicKey());
    assertThat(server.certificate().getSubjectAlternativeNames()).contains(List.of(7, "127.0.0.1"));
    assertThat(Pem.certificate(server.certificatePem())).isEqualTo(server.certificate());
    assertThat(Pem.privateKey(server.privateKeyPem())).isEqualTo(server.privateKey());
  }

  @Test
  void theCaIsAValidCaForTenYears() {
    X509Certificate cert = CertificateAuthority.create("shop", CLOCK).certificate();

    assertThat(cert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(cert.getNotAfter().toInstant())
        .isEqualTo(CLOCK.instant().plus(CertificateAuthority.CA_LIFETIME));
    assertThat(cert.getSubjectX500Principal().getName()).contains("mooring-ca.shop");
  }
}
