package io.mooring.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.mooring.core.diff.Differ;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Secret cert-manager fills for an app's Certificate carries the app's labels, yet is not
 * Mooring's.
 */
class IssuedSecretsTest {
  private static final AppRef CACHE = new AppRef(AppKind.REDIS, "shop", "cache");
  private static final Map<String, String> LABELS =
      Map.of(
          MooringLabels.MANAGED_BY, MooringLabels.MANAGER, MooringLabels.APP, CACHE.labelValue());
  private final Planner planner = new Planner(Differ.standard());
  private final HasMetadata certificate =
      new GenericKubernetesResourceBuilder()
          .withApiVersion("cert-manager.io/v1")
          .withKind("Certificate")
          .withNewMetadata()
          .withName("cache-redis-tls")
          .withNamespace("shop")
          .withLabels(LABELS)
          .endMetadata()
          .addToAdditionalProperties("spec", Map.of("secretName", "cache-redis-tls"))
          .build();

  @Test
  void theSecretCertManagerWroteForTheAppsCertificateIsNeverPruned() {
    Secret issued = secret(Map.of("cert-manager.io/certificate-name", "cache-redis-tls"));

    AppPlan plan = plan(issued);

    assertThat(plan.actions()).noneMatch(ObjectAction.Prune.class::isInstance);
  }

  @Test
  void theSecretMooringsOwnCaFilledBeforeTheIssuerWasNamedIsPruned() {
    Secret own = secret(Map.of());

    AppPlan plan = plan(own);

    assertThat(plan.actions())
        .filteredOn(ObjectAction.Prune.class::isInstance)
        .extracting(ObjectAction::key)
        .extracting(key -> key.kind() + " " + key.name())
        .containsExactly("Secret cache-redis-tls");
  }

  @Test
  void aSecretCertManagerWroteForAnotherCertificateIsPruned() {
    Secret other = secret(Map.of("cert-manager.io/certificate-name", "someone-else"));

    assertThat(plan(other).actions()).anyMatch(ObjectAction.Prune.class::isInstance);
  }

  private AppPlan plan(Secret live) {
    return planner.planPresent(
        new DesiredState(CACHE, List.of(certificate)),
        List.of(certificate, live),
        PlanPolicy.defaults());
  }

  private static Secret secret(Map<String, String> annotations) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("cache-redis-tls")
        .withNamespace("shop")
        .withLabels(LABELS)
        .withAnnotations(annotations)
        .endMetadata()
        .withType("kubernetes.io/tls")
        .build();
  }
}
