package io.mooring.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.mooring.core.diff.Differ;
import io.mooring.core.plan.ObjectAction;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.core.testing.SampleApps;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportFormatterTest {
  private static final AppRef CACHE = new AppRef(AppKind.REDIS, "team-a", "cache");

  @Test
  void listsCreatesUpdatesAndPrunesWithSecretValuesMasked() {
    List<HasMetadata> objects = SampleApps.redis(CACHE, 3, "1Gi").objects();
    Secret desired =
        new SecretBuilder((Secret) objects.get(0)).addToData("extra", "bmV3LXZhbHVl").build();
    Secret live =
        new SecretBuilder((Secret) objects.get(0)).addToData("extra", "b2xkLXZhbHVl").build();
    ObjectAction update = new ObjectAction.Update(desired, Differ.standard().diff(desired, live));
    ReconcileReport report =
        new ReconcileReport(
            "0a1b2c",
            List.of(
                new AppResult.Drifted(
                    CACHE,
                    List.of(
                        new ObjectAction.Create(objects.get(1)),
                        update,
                        new ObjectAction.Prune(objects.get(6)))),
                new AppResult.Invalid(
                    new AppRef(AppKind.NATS, "team-a", "events"),
                    List.of("apps/events.yaml:7: spec.replicas: must be a number"))));

    String text = ReportFormatter.format(report);

    assertThat(text)
        .isEqualTo(
            """
        redis/team-a/cache: drifted
          + create ConfigMap team-a/cache-redis-config
          ~ update Secret team-a/cache-auth
              data.extra: *** -> ***
          - prune PodDisruptionBudget team-a/cache-redis
        nats/team-a/events: invalid
          ! apps/events.yaml:7: spec.replicas: must be a number
        """);
    assertThat(report.hasDifferences()).isTrue();
    assertThat(report.hasErrors()).isTrue();
    assertThat(report.creates()).hasSize(1);
    assertThat(report.updates())
        .singleElement()
        .satisfies(d -> assertThat(d.paths()).containsExactly("data.extra"));
    assertThat(report.prunes()).hasSize(1);
  }
}
