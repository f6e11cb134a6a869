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
            "mooring_app_status{app=\"cache\",app_namespace=\"team-a\",kind=\"redis\",status=\"drifted\"} 1")
        .contains(
            "mooring_app_status{app=\"cache\",app_namespace=\"team-a\",kind=\"redis\",status=\"synced\"} 0")
        .contains(
            "mooring_drifted_objects{app=\"cache\",app_namespace=\"team-a\",kind=\"redis\"} 1")
        .contains("mooring_drifted_fields{app=\"cache\",app_namespace=\"team-a\",kind=\"redis\"} 2")
        .contains("mooring_prune_blocked{app=\"cache\",app_namespace=\"team-a\",kind=\"redis\"} 0")
        .contains(
            "mooring_reconcile_duration_seconds_count{result=\"drifted\",trigger=\"cluster_event\"} 1")
        .contains(
            "mooring_reconcile_duration_seconds_bucket{result=\"drifted\",trigger=\"cluster_event\",le=\"");
    assertThat(scrape)
        .contains(
            "mooring_drift_fields_detected_total{field=\"spec.replicas\",resource=\"statefulset\"} 1")
        .as("list selectors are dropped from field paths, which keeps them bounded")
        .contains("field=\"spec.template.spec.containers[].image\"")
        .doesNotContain("name=redis");
  }

  @Test
  void aHandEditHealedBetweenTwoScrapesStillCountsOneDetectionAndOneHeal() {
    var set = SampleApps.redis(CACHE, 3, "1Gi").objects().get(4);
    ObjectDiff diff =
        new ObjectDiff(ObjectKey.of(set), List.of(new FieldDrift("spec.replicas", "3", "1")));
    ObjectAction update = new ObjectAction.Update(set, diff);
    String series = "{app=\"cache\",app_namespace=\"team-a\",kind=\"redis\"} ";

    // A new commit applied is no drift.
    metrics.record(synced(List.of(update)), "webhook", Duration.ZERO);
    assertThat(registry.scrape()).contains("mooring_app_drift_detected_total" + series + "0");

    // The edit is seen (observe), then healed (apply); later events on the healed app change
    // nothing.
    metrics.record(new AppResult.Drifted(CACHE, List.of(update)), "cluster_event", Duration.ZERO);
    metrics.record(synced(List.of(update)), "cluster_event", Duration.ZERO);
    metrics.record(synced(List.of()), "cluster_event", Duration.ZERO);
    // A resync in apply mode finds and heals in one go.
    metrics.record(synced(List.of(update)), "resync", Duration.ZERO);

    assertThat(registry.scrape())
        .contains("mooring_app_drift_detected_total" + series + "2")
        .contains("mooring_app_drift_healed_total" + series + "2")
        .contains("mooring_drifted_objects" + series + "0");
  }

  @Test
  void aPruneHeldByAGuardIsNoDrift() {
    metrics.record(
        new AppResult.Blocked(
            CACHE,
            List.of("mass-prune guard"),
            List.of(new ObjectAction.Prune(SampleApps.redis(CACHE, 3, "1Gi").objects().get(0))),
            true),
        "resync",
        Duration.ZERO);

    assertThat(registry.scrape())
        .contains(
            "mooring_app_drift_detected_total{app=\"cache\",app_namespace=\"team-a\",kind=\"redis\"} 0");
  }

  @Test
  void fieldPathsAreCappedAndTheRestCountAsOther() {
    var set = SampleApps.redis(CACHE, 3, "1Gi").objects().get(4);
    for (int i = 0; i <= DriftedFieldCounter.MAX_FIELDS; i++) {
      AppRef app = new AppRef(AppKind.REDIS, "team-a", "app" + i);
      ObjectDiff diff =
          new ObjectDiff(
              ObjectKey.of(set), List.of(new FieldDrift("metadata.labels.l" + i, "a", "b")));
      metrics.record(
          new AppResult.Drifted(app, List.of(new ObjectAction.Update(set, diff))),
          "cluster_event",
          Duration.ZERO);
    }

    String scrape = registry.scrape();
    long series =
        scrape.lines().filter(l -> l.startsWith("mooring_drift_fields_detected_total{")).count();
    assertThat(series).isEqualTo(DriftedFieldCounter.MAX_FIELDS + 1);
    assertThat(scrape)
        .contains(
            "mooring_drift_fields_detected_total{field=\"other\",resource=\"statefulset\"} 1");
  }

  @Test
  void theRevisionInfoNamesTheCommitAndMovesWithIt() {
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
    DriftMetrics timed = new DriftMetrics(registry, clock(now));
    String series = "{app=\"cache\",app_namespace=\"team-a\",kind=\"redis\"";

    now.set(1_700_000_000_000L);
    timed.inSyncAt(synced(List.of()), "aaaa");
    now.set(1_700_000_100_000L);
    timed.inSyncAt(synced(List.of()), "aaaa");
    assertThat(registry.scrape())
        .contains("mooring_app_revision_info" + series + ",revision=\"aaaa\"} 1")
        .as("an unchanged revision without writes keeps its time")
        .contains("mooring_app_last_applied_timestamp_seconds" + series + "} 1.7E9");

    timed.inSyncAt(synced(List.of()), "bbbb");
    assertThat(registry.scrape())
        .contains("mooring_app_revision_info" + series + ",revision=\"bbbb\"} 1")
        .doesNotContain("revision=\"aaaa\"")
        .contains("mooring_app_last_applied_timestamp_seconds" + series + "} 1.7000001E9");
  }

  @Test
  void aDriftStartKeptBeyondTheProcessIsTakenOverAndEndedWithTheDrift() {
    java.util.Map<AppRef, Long> kept = new java.util.concurrent.ConcurrentHashMap<>();
    kept.put(CACHE, 1_600_000_000L);
    DriftStartStore store =
        new DriftStartStore() {
          @Override
          public java.util.OptionalLong startOf(AppRef app) {
            Long start = kept.get(app);
            return start == null
                ? java.util.OptionalLong.empty()
                : java.util.OptionalLong.of(start);
          }

          @Override
          public void started(AppRef app, long epochSeconds) {
            kept.put(app, epochSeconds);
          }

          @Override
          public void ended(AppRef app) {
            kept.remove(app);
          }
        };
    java.util.concurrent.atomic.AtomicLong now =
        new java.util.concurrent.atomic.AtomicLong(1_700_000_000_000L);
    DriftMetrics restarted = new DriftMetrics(registry, clock(now), store);
    var set = SampleApps.redis(CACHE, 3, "1Gi").objects().get(4);
    ObjectDiff diff =
        new ObjectDiff(ObjectKey.of(set), List.of(new FieldDrift("spec.replicas", "3", "1")));

    restarted.record(
        new AppResult.Drifted(CACHE, List.of(new ObjectAction.Update(set, diff))),
        "startup",
        Duration.ZERO);
    assertThat(registry.scrape())
        .as("the start recorded before the restart")
        .contains(
            "mooring_app_drift_since_timestamp_seconds{app=\"cache\",app_namespace=\"team-a\",kind=\"redis\"} 1.6E9");

    restarted.record(synced(List.of()), "resync", Duration.ZERO);
    assertThat(kept).isEmpty();
  }

  private static AppResult.Synced synced(List<ObjectAction> changes) {
    return new AppResult.Synced(
        CACHE, changes, io.mooring.core.health.HealthStatus.HEALTHY, List.of());
  }

  private static java.time.Clock clock(java.util.concurrent.atomic.AtomicLong now) {
    return new java.time.Clock() {
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
        "mooring_app_drift_since_timestamp_seconds{app=\"cache\",app_namespace=\"team-a\",kind=\"redis\"} ";

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
        .contains("mooring_prune_blocked{app=\"cache\",app_namespace=\"team-a\",kind=\"redis\"} 1");

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
        .contains("mooring_prune_blocked{app=\"cache\",app_namespace=\"team-a\",kind=\"redis\"} 1");

    metrics.record(new AppResult.Synced(CACHE, List.of(), null, List.of()), "poll", Duration.ZERO);
    assertThat(registry.scrape())
        .contains("mooring_prune_blocked{app=\"cache\",app_namespace=\"team-a\",kind=\"redis\"} 0");
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
            "mooring_app_status{app=\"cache\",app_namespace=\"team-a\",kind=\"redis\",status=\"failed\"} 1")
        .contains(
            "mooring_app_status{app=\"cache\",app_namespace=\"team-a\",kind=\"redis\",status=\"invalid\"} 0");
  }
}
