package io.mooring.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.rediscluster.RedisClusterTestSpecs;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.spec.RedisTls;
import io.mooring.core.tls.CertificateAuthority;
import io.mooring.core.tls.NamespaceCa;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NamespaceSecretsTest {
  private static final AppRef APP = new AppRef(AppKind.NATS, "shop", "events");
  private static final HasMetadata CA =
      NamespaceCa.secret(CertificateAuthority.create("shop", Clock.systemUTC()), "shop");
  private static final HasMetadata OWN =
      new ConfigMapBuilder()
          .withNewMetadata()
          .withName("events-nats")
          .withNamespace("shop")
          .endMetadata()
          .build();

  @Test
  void everyRenderReadsTheNamespaceCa() {
    assertThat(NamespaceSecrets.forRender(List.of(OWN), List.of(CA))).containsExactly(OWN, CA);
  }

  @Test
  void anAppThatRendersTheCaComparesItWithTheLiveOne() {
    DesiredState rendered = new DesiredState(APP, List.of(OWN, CA));

    assertThat(NamespaceSecrets.forPlan(List.of(OWN), List.of(CA), rendered))
        .containsExactly(OWN, CA);
  }

  @Test
  void anAppWithoutTlsNeverSeesTheCaSoItCannotPruneIt() {
    DesiredState rendered = new DesiredState(APP, List.of(OWN));

    assertThat(NamespaceSecrets.forPlan(List.of(OWN), List.of(CA), rendered)).containsExactly(OWN);
  }

  /** Apps of one namespace reconcile in parallel: every app that signs with its CA counts. */
  @Test
  void aTlsClusterSigningWithTheNamespaceCaCountsAsOneThatCreatesIt() {
    RedisClusterSpec cluster = RedisClusterTestSpecs.spec("c", 3, 1, true);

    assertThat(
            NamespaceSecrets.signsWithOwnCa(cluster.withTls(new RedisTls(true, Optional.empty()))))
        .isTrue();
    assertThat(
            NamespaceSecrets.signsWithOwnCa(
                cluster.withTls(
                    new RedisTls(true, Optional.of(new RedisTls.IssuerRef("ca", "Issuer"))))))
        .isFalse();
    assertThat(NamespaceSecrets.signsWithOwnCa(cluster)).isFalse();
  }
}
