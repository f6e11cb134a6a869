package io.mooring.core.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.MooringLabels;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NamespaceCaTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void theSecretListsBothKeysAsGeneratedSoTheyAreNeverRewritten() {
    Secret secret = NamespaceCa.secret(CertificateAuthority.create("shop", CLOCK), "shop");

    assertThat(secret.getMetadata().getName()).isEqualTo("mooring-ca");
    assertThat(secret.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(secret.getMetadata().getAnnotations())
        .containsEntry(MooringLabels.GENERATED_KEYS_ANNOTATION, "ca.crt,ca.key");
    assertThat(secret.getData()).containsOnlyKeys("ca.crt", "ca.key");
  }

  @Test
  void aLiveCaIsReusedAndNotRegenerated() {
    CertificateAuthority first = CertificateAuthority.create("shop", CLOCK);
    LiveSecrets live = LiveSecrets.of(List.of(NamespaceCa.secret(first, "shop")));

    CertificateAuthority again =
        NamespaceCa.liveOrNew(
            live.value(NamespaceCa.SECRET_NAME, NamespaceCa.CERT_KEY),
            live.value(NamespaceCa.SECRET_NAME, NamespaceCa.PRIVATE_KEY_KEY),
            "shop",
            CLOCK);

    assertThat(again.certificate()).isEqualTo(first.certificate());
  }

  @Test
  void withoutALiveSecretANewCaIsCreated() {
    CertificateAuthority created =
        NamespaceCa.liveOrNew(Optional.empty(), Optional.empty(), "shop", CLOCK);
    CertificateAuthority another =
        NamespaceCa.liveOrNew(Optional.empty(), Optional.empty(), "shop", CLOCK);

    assertThat(created.certificate().getSerialNumber())
        .isNotEqualTo(another.certificate().getSerialNumber());
  }
}
