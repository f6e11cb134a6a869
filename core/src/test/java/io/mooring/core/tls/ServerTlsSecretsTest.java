package io.mooring.core.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.render.common.LiveSecrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerTlsSecretsTest {
  private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
  private static final Clock CLOCK = at(ISSUED);
  private static final String NAME = "events-nats-tls";
  private static final List<String> NAMES = List.of("events-nats", "events-nats.shop", "localhost");
  private static final CertificateAuthority CA = CertificateAuthority.create("shop", CLOCK);

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  private static Secret secret(ServerTlsSecrets.Files files) {
    return ServerTlsSecrets.secret(NAME, "shop", Map.of("mooring.io/app", "nats.events"), files);
  }

  private static LiveSecrets live(ServerTlsSecrets.Files files) {
    return LiveSecrets.of(List.of(secret(files)));
  }

  private static ServerTlsSecrets.Files first() {
    return ServerTlsSecrets.files(LiveSecrets.NONE, NAME, CA, NAMES, CLOCK);
  }

  @Test
  void withoutALiveSecretACertificateForTheNamesIsIssuedByTheCa() throws Exception {
    ServerTlsSecrets.Files files = first();

    assertThat(files.reason()).isEqualTo(ServerTlsSecrets.Reason.MISSING);
    files.certificate().verify(CA.certificate().getPublicKey());
    assertThat(files.certificate().getSubjectAlternativeNames())
        .extracting(entry -> (Object) entry.get(1))
        .containsExactlyElementsOf(NAMES);
    assertThat(files.caPem()).isEqualTo(CA.certificatePem());
    Secret secret = secret(files);
    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(secret.getData()).containsOnlyKeys("tls.crt", "tls.key", "ca.crt");
  }

  @Test
  void aGoodLiveCertificateIsKeptByteForByteSoNoServerReloads() {
    ServerTlsSecrets.Files issued = first();

    ServerTlsSecrets.Files again =
        ServerTlsSecrets.files(live(issued), NAME, CA, NAMES, at(ISSUED.plus(Duration.ofDays(30))));

    assertThat(again.reason()).isEqualTo(ServerTlsSecrets.Reason.KEPT);
    assertThat(secret(again).getData()).isEqualTo(secret(issued).getData());
  }

  @Test
  void fewerNamesKeepTheCertificateButANewNameIssuesOne() {
    LiveSecrets live = live(first());

    assertThat(ServerTlsSecrets.files(live, NAME, CA, List.of("localhost"), CLOCK).reason())
        .isEqualTo(ServerTlsSecrets.Reason.KEPT);
    List<String> more = List.of("events-nats", "events-nats-3.events-nats-headless", "localhost");
    ServerTlsSecrets.Files grown = ServerTlsSecrets.files(live, NAME, CA, more, CLOCK);
    assertThat(grown.reason()).isEqualTo(ServerTlsSecrets.Reason.NAMES_CHANGED);
    assertThat(grown.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=events-nats");
  }

  @Test
  void aCertificateIsRenewedOnceTwoThirdsOfItsLifetimeHavePassed() {
    ServerTlsSecrets.Files issued = first();
    Instant renewAt = RenewalRule.renewAt(issued.certificate());

    ServerTlsSecrets.Files before =
        ServerTlsSecrets.files(live(issued), NAME, CA, NAMES, at(renewAt.minusSeconds(60)));
    ServerTlsSecrets.Files renewed =
        ServerTlsSecrets.files(live(issued), NAME, CA, NAMES, at(renewAt));

    assertThat(before.reason()).isEqualTo(ServerTlsSecrets.Reason.KEPT);
    assertThat(renewed.reason()).isEqualTo(ServerTlsSecrets.Reason.DUE_FOR_RENEWAL);
    assertThat(renewed.certificate().getSerialNumber())
        .isNotEqualTo(issued.certificate().getSerialNumber());
    assertThat(renewed.certificate().getNotAfter()).isAfter(issued.certificate().getNotAfter());
  }

  @Test
  void aCertificateOfAnotherCaIsReplacedByOneOfTheCurrentCa() throws Exception {
    CertificateAuthority other = CertificateAuthority.create("shop", CLOCK);
    ServerTlsSecrets.Files foreign =
        ServerTlsSecrets.files(LiveSecrets.NONE, NAME, other, NAMES, CLOCK);

    ServerTlsSecrets.Files replaced = ServerTlsSecrets.files(live(foreign), NAME, CA, NAMES, CLOCK);

    assertThat(replaced.reason()).isEqualTo(ServerTlsSecrets.Reason.OTHER_CA);
    replaced.certificate().verify(CA.certificate().getPublicKey());
  }

  @Test
  void aKeyThatDoesNotBelongToTheCertificateIssuesANewPair() {
    ServerTlsSecrets.Files issued = first();
    ServerTlsSecrets.Files otherKey = first();
    ServerTlsSecrets.Files mixed =
        new ServerTlsSecrets.Files(
            issued.certificatePem(),
            otherKey.privateKeyPem(),
            issued.caPem(),
            ServerTlsSecrets.Reason.KEPT);

    assertThat(ServerTlsSecrets.files(live(mixed), NAME, CA, NAMES, CLOCK).reason())
        .isEqualTo(ServerTlsSecrets.Reason.KEY_MISMATCH);
  }

  @Test
  void unreadableLiveFilesIssueANewCertificate() {
    Secret secret = secret(first());
    secret.getData().put("tls.crt", "bm90IGEgY2VydGlmaWNhdGU=");

    assertThat(
            ServerTlsSecrets.files(LiveSecrets.of(List.of(secret)), NAME, CA, NAMES, CLOCK)
                .reason())
        .isEqualTo(ServerTlsSecrets.Reason.UNREADABLE);
  }

  @Test
  void theFilesNeverShowTheKey() {
    ServerTlsSecrets.Files files = first();

    assertThat(files.toString())
        .doesNotContain(files.privateKeyPem().lines().skip(1).findFirst().orElseThrow())
        .contains("MISSING");
  }
}
