package io.mooring.preview;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.mooring.core.diff.FieldDrift;
import io.mooring.core.diff.ObjectDiff;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.plan.ObjectAction;
import io.mooring.core.reconcile.AppResult;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreviewRisksTest {
  private static final AppRef EVENTS = new AppRef(AppKind.NATS, "team", "events");
  private static final AppRef CACHE = new AppRef(AppKind.REDIS, "team", "cache");

  private static HasMetadata statefulSet(String name) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("team")
        .endMetadata()
        .build();
  }

  private static ObjectAction.Update update(HasMetadata object, FieldDrift... drifts) {
    return new ObjectAction.Update(object, new ObjectDiff(ObjectKey.of(object), List.of(drifts)));
  }

  @Test
  void fewerNatsServersAreNamedAsPeersLeavingTheMetaGroup() {
    AppPreview preview =
        PreviewRisks.of(
            new AppResult.Drifted(
                EVENTS,
                List.of(
                    update(
                        statefulSet("events-nats"),
                        new FieldDrift("spec.replicas", "3", "5"),
                        new FieldDrift("spec.template.metadata.annotations.hash", "a", "b")))));
    assertThat(preview.outcome()).isEqualTo("changes");
    assertThat(preview.update()).containsExactly("StatefulSet/events-nats");
    assertThat(preview.risks())
        .containsExactly(
            "pods restart: StatefulSet/events-nats rolls its pods one by one",
            "NATS peers removed: StatefulSet/events-nats 5 → 3 (the departing servers leave the"
                + " JetStream meta group)");
  }

  @Test
  void moreReplicasAreNoRisk() {
    AppPreview preview =
        PreviewRisks.of(
            new AppResult.Drifted(
                CACHE,
                List.of(
                    update(
                        statefulSet("cache-redis"), new FieldDrift("spec.replicas", "3", "2")))));
    assertThat(preview.risks()).isEmpty();
  }

  @Test
  void volumesGrowingAndDataKeptOrDeletedAreRisks() {
    HasMetadata claim =
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName("data-cache-redis-0")
            .withNamespace("team")
            .endMetadata()
            .build();
    HasMetadata secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName("cache-auth")
            .withNamespace("team")
            .endMetadata()
            .build();
    AppPreview preview =
        PreviewRisks.of(
            new AppResult.Drifted(
                CACHE,
                List.of(
                    new ObjectAction.ExpandVolume(claim, new Quantity("4Gi")),
                    new ObjectAction.Retain(secret, "generated credentials", true),
                    new ObjectAction.Prune(claim))));
    assertThat(preview.risks())
        .containsExactly(
            "volume grows: PersistentVolumeClaim/data-cache-redis-0 to 4Gi",
            "kept: Secret/cache-auth stays after its spec is gone",
            "data deleted: PersistentVolumeClaim/data-cache-redis-0");
    assertThat(preview.retain()).containsExactly("Secret/cache-auth (generated credentials)");
  }

  @Test
  void aHeldPruneIsARiskAndTheAppIsBlocked() {
    AppPreview preview =
        PreviewRisks.of(
            new AppResult.Blocked(
                CACHE, List.of("the mass-prune guard holds 9 of 10 apps"), List.of(), true));
    assertThat(preview.outcome()).isEqualTo("blocked");
    assertThat(preview.risks())
        .containsExactly("prune held back: the mass-prune guard holds 9 of 10 apps");
  }

  @Test
  void theCommentEscapesTableCellsAndCarriesTheMarker() {
    AppPreview invalid =
        new AppPreview(
            "redis/team/cache",
            "invalid",
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of("apps/cache.yaml:7: spec.replicas | must be <b>positive</b>"));
    String body =
        PreviewMarkdown.of(
            new PreviewReport("ab".repeat(20), List.of(invalid), List.of(), null), "prod");
    assertThat(body).startsWith(PreviewMarkdown.marker("prod") + "\n");
    assertThat(body).contains("spec.replicas \\| must be &lt;b&gt;positive&lt;/b&gt;");
    assertThat(body).contains("**some specs are invalid**");
  }
}
