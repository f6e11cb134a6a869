package io.mooring.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.mooring.core.diff.Differ;
import io.mooring.core.diff.FieldDrift;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.testing.SampleApps;
import io.mooring.core.tls.CertificateAuthority;
import io.mooring.core.tls.NamespaceCa;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Everything the desired objects carry beyond their render: the commit, the data-deletion opt-in,
 * kept passwords (rule 4) and the record of departed JetStream servers (rule 7).
 */
class DesiredPreparationTest {
  private static final AppRef EVENTS = new AppRef(AppKind.NATS, "team-a", "events");
  private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  private final Planner planner = new Planner(Differ.standard());

  @Test
  void everyObjectCarriesTheCommitAndTheOptInOnlyWhenTheSpecGivesIt() {
    RedisSpec plain = SampleApps.redisSpec("team-a", "cache", 3, "1Gi");
    RedisSpec optedIn =
        SampleApps.redisSpec(
            "team-a", "cache", 3, "1Gi", Map.of(AppSpec.DELETE_DATA_ON_REMOVAL, "true"));

    DesiredState stamped =
        DesiredPreparation.of(plain, COMMIT).prepare(SampleApps.render(plain), List.of());
    DesiredState withOptIn =
        DesiredPreparation.of(optedIn, COMMIT).prepare(SampleApps.render(optedIn), List.of());

    assertThat(stamped.objects())
        .isNotEmpty()
        .allSatisfy(
            object -> {
              assertThat(annotations(object))
                  .containsEntry(MooringLabels.REVISION_ANNOTATION, COMMIT);
              assertThat(annotations(object)).doesNotContainKey(AppSpec.DELETE_DATA_ON_REMOVAL);
            });
    assertThat(withOptIn.objects())
        .allSatisfy(
            object ->
                assertThat(annotations(object))
                    .containsEntry(AppSpec.DELETE_DATA_ON_REMOVAL, "true"));
  }

  @Test
  void theNamespaceCaKeepsItsKeysAndTakesNoAppsRemovalPolicy() {
    RedisSpec optedIn =
        SampleApps.redisSpec(
            "team-a", "cache", 3, "1Gi", Map.of(AppSpec.DELETE_DATA_ON_REMOVAL, "true"));
    Clock clock = Clock.systemUTC();
    Secret live = NamespaceCa.secret(CertificateAuthority.create("team-a", clock), "team-a");
    Secret rendered = NamespaceCa.secret(CertificateAuthority.create("team-a", clock), "team-a");

    DesiredState prepared =
        DesiredPreparation.of(optedIn, COMMIT)
            .prepare(new DesiredState(optedIn.ref(), List.of(rendered)), List.of(live));

    HasMetadata ca = prepared.objects().get(0);
    assertThat(((Secret) ca).getData()).isEqualTo(live.getData());
    assertThat(annotations(ca))
        .containsEntry(MooringLabels.REVISION_ANNOTATION, COMMIT)
        .doesNotContainKey(AppSpec.DELETE_DATA_ON_REMOVAL);
  }

  @Test
  void withoutACommitNothingIsStamped() {
    RedisSpec spec = SampleApps.redisSpec("team-a", "cache", 3, "1Gi");

    DesiredState prepared =
        DesiredPreparation.of(spec, null).prepare(SampleApps.render(spec), List.of());

    assertThat(prepared.objects())
        .allSatisfy(
            object ->
                assertThat(annotations(object))
                    .doesNotContainKey(MooringLabels.REVISION_ANNOTATION));
  }

  @Test
  void rule4GeneratedSecretValuesAreKeptButNewKeysAreAdded() {
    List<HasMetadata> live = live(SampleApps.nats(EVENTS, 3, "10Gi"));

    AppPlan rerendered =
        planner.planPresent(
            prepared(SampleApps.nats(EVENTS, 3, "10Gi"), live), live, PlanPolicy.defaults());
    assertThat(rerendered.inSync())
        .as("new random passwords do not replace the stored ones")
        .isTrue();

    Secret stored = (Secret) live.get(0);
    stored.getData().remove("admin-password");
    AppPlan missingKey =
        planner.planPresent(
            prepared(SampleApps.nats(EVENTS, 3, "10Gi"), live), live, PlanPolicy.defaults());
    assertThat(missingKey.writes())
        .singleElement()
        .satisfies(
            action -> {
              ObjectAction.Update update = (ObjectAction.Update) action;
              assertThat(update.diff().drifts())
                  .containsExactly(new FieldDrift("data.admin-password", "***", null));
              Secret applied = (Secret) update.object();
              assertThat(applied.getData().get("sys-password"))
                  .isEqualTo(stored.getData().get("sys-password"));
            });
  }

  @Test
  void rule7ASetThatLosesJetStreamServersRecordsThemInTheSameWrite() {
    List<HasMetadata> live = live(SampleApps.renderedNats(EVENTS, 3, true));

    StatefulSet shrunk = setOf(prepared(SampleApps.renderedNats(EVENTS, 1, true), live));
    StatefulSet grown = setOf(prepared(SampleApps.renderedNats(EVENTS, 4, true), live));

    assertThat(annotations(shrunk))
        .containsEntry(ServerDepartures.ANNOTATION, "events-nats-1,events-nats-2");
    assertThat(ServerDepartures.isRecorded(grown)).isFalse();
    assertThat(
            ServerDepartures.isRecorded(
                setOf(prepared(SampleApps.renderedNats(EVENTS, 1, true), List.of()))))
        .as("a set that does not exist yet loses nobody")
        .isFalse();
  }

  private static DesiredState prepared(DesiredState rendered, List<HasMetadata> live) {
    return new DesiredPreparation(null, false).prepare(rendered, live);
  }

  /** What the cluster would hold after applying the desired state. */
  private static List<HasMetadata> live(DesiredState desired) {
    List<HasMetadata> objects = new ArrayList<>();
    desired.objects().forEach(o -> objects.add(Serialization.clone(o)));
    return objects;
  }

  private static StatefulSet setOf(DesiredState state) {
    return state.objects().stream()
        .filter(StatefulSet.class::isInstance)
        .map(StatefulSet.class::cast)
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, String> annotations(HasMetadata object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null ? Map.of() : annotations;
  }
}
