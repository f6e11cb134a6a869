package io.mooring.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mooring.core.diff.FieldDrift;
import io.mooring.core.diff.ObjectDiff;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.plan.ObjectAction;
import io.mooring.core.reconcile.AppResult;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.core.testing.SampleApps;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The meters as Prometheus scrapes them: names, labels and values. */
class DriftMetricsTest {
  private static final AppRef CACHE = new AppRef(AppKind.REDIS, "team-a", "cache");
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final DriftMetrics metrics = new DriftMetrics(registry);

  @Test
  void driftedAppShowsItsStatusAndDriftCounts() {
    var set = SampleApps.redis(CACHE, 3, "1Gi").objects().get(4);
    ObjectDiff diff =
        new ObjectDiff(
            ObjectKey.of(set),
            List.of(
                new FieldDrift("spec.replicas", "3", "1"),
                new FieldDrift("spec.template.spec.containers[name=redis].image", "a", "b")));
    metrics.record(
        new AppResult.Drifted(CACHE, List.of(new ObjectAction.Update(set, diff))),
        "cluster_event",
        Duration.ofMillis(12));

    String scrape = registry.scrape();

    assertThat(scrape)
        .contains(
            "mooring_app_status{app=\"cache\",kind=\"redis\",namespace=\"team-a\",status=\"drifted\"} 1")
        .contains(
            "mooring_app_status{app=\"cache\",kind=\"redis\",namespace=\"team-a\",status=\"synced\"} 0")
        .contains("mooring_drifted_objects{app=\"cache\",kind=\"redis\",namespace=\"team-a\"} 1")
        .contains("mooring_drifted_fields{app=\"cache\",kind=\"redis\",namespace=\"team-a\"} 2")
        .contains("mooring_prune_blocked{app=\"cache\",kind=\"redis\",namespace=\"team-a\"} 0")
        .contains(
            "mooring_reconcile_duration_seconds_count{result=\"drifted\",trigger=\"cluster_event\"} 1")
        .contains(
            "mooring_reconcile_duration_seconds_bucket{result=\"drifted\",trigger=\"cluster_event\",le=\"");
    assertThat(scrape).doesNotContain("spec.replicas");
  }

  @Test
  void driftSinceHoldsTheStartOfTheDriftUntilTheAppIsInSyncAgain() {
    java.util.concurrent.atomic.AtomicLong now =
        new java.util.concurrent.atomic.AtomicLong(1_700_000_000_000L);
    java.time.Clock clock =
        new java.time.Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
          }

          @Override
          public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public java.time.Instant instant() {
            return java.time.Instant.ofEpochMilli(now.get());
          }
        };
    DriftMetrics timed = new DriftMetrics(registry, clock);
    var set = SampleApps.redis(CACHE, 3, "1Gi").objects().get(4);
    ObjectDiff diff =
        new ObjectDiff(ObjectKey.of(set), List.of(new FieldDrift("spec.replicas", "3", "1")));
    AppResult drifted = new AppResult.Drifted(CACHE, List.of(new ObjectAction.Update(set, diff)));
    String gauge =
        "mooring_app_drift_since_timestamp_seconds{app=\"cache\",kind=\"redis\",namespace=\"team-a\"} ";

    timed.record(drifted, "cluster_event", Duration.ZERO);
    now.addAndGet(60_000);
    timed.record(drifted, "resync", Duration.ZERO);
    assertThat(registry.scrape()).contains(gauge + "1.7E9");

    timed.record(
        new AppResult.Synced(
            CACHE, List.of(), io.mooring.core.health.HealthStatus.HEALTHY, List.of()),
        "resync",
        Duration.ZERO);
    assertThat(registry.scrape()).contains(gauge + "0");
  }

  @Test
  void appliedWritesAreCountedByActionAndResource() {
    var objects = SampleApps.redis(CACHE, 3, "1Gi").objects();
    metrics.countApplied(new ObjectAction.Create(objects.get(0)));
    metrics.countApplied(new ObjectAction.Create(objects.get(1)));
    metrics.countApplied(new ObjectAction.Prune(objects.get(1)));

    String scrape = registry.scrape();

    assertThat(scrape)
        .contains("mooring_apply_total{action=\"create\",resource=\"secret\"} 1")
        .contains("mooring_apply_total{action=\"create\",resource=\"configmap\"} 1")
        .contains("mooring_apply_total{action=\"prune\",resource=\"configmap\"} 1");
  }

  @Test
  void heldPruneAndForgottenAppsAreVisible() {
    metrics.record(
        new AppResult.Blocked(CACHE, List.of("mass-prune guard"), List.of(), true),
        "poll",
        Duration.ZERO);
    assertThat(registry.scrape())
        .contains("mooring_prune_blocked{app=\"cache\",kind=\"redis\",namespace=\"team-a\"} 1");

    metrics.forget(CACHE);
    assertThat(registry.scrape()).doesNotContain("app=\"cache\"");
  }

  @Test
  void anInvalidResultKeepsTheHeldPruneItDidNotReplan() {
    metrics.record(
        new AppResult.Blocked(CACHE, List.of("mass-prune guard"), List.of(), true),
        "poll",
        Duration.ZERO);
    metrics.record(
        new AppResult.Invalid(CACHE, List.of("held: another file has errors")),
        "poll",
        Duration.ZERO);
    assertThat(registry.scrape())
        .contains("mooring_prune_blocked{app=\"cache\",kind=\"redis\",namespace=\"team-a\"} 1");

    metrics.record(new AppResult.Synced(CACHE, List.of(), null, List.of()), "poll", Duration.ZERO);
    assertThat(registry.scrape())
        .contains("mooring_prune_blocked{app=\"cache\",kind=\"redis\",namespace=\"team-a\"} 0");
  }

  @Test
  void internalErrorsAreCountedByStageAndShowAsFailedApps() {
    assertThat(registry.scrape())
        .as("exported before the first error, so that its increase can be alerted on")
        .contains("mooring_internal_errors_total{stage=\"render\"} 0");

    metrics.internalError(AppResult.InternalFailure.RENDER);
    metrics.record(
        new AppResult.InternalFailure(CACHE, AppResult.InternalFailure.RENDER, "internal error"),
        "poll",
        Duration.ZERO);

    assertThat(registry.scrape())
        .contains("mooring_internal_errors_total{stage=\"render\"} 1")
        .contains(
            "mooring_app_status{app=\"cache\",kind=\"redis\",namespace=\"team-a\",status=\"failed\"} 1")
        .contains(
            "mooring_app_status{app=\"cache\",kind=\"redis\",namespace=\"team-a\",status=\"invalid\"} 0");
  }
}
