package io.mooring.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.plan.ObjectAction;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppLifecycle;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.RedisDataSource;
import io.mooring.core.spec.RedisEngine;
import io.mooring.core.spec.RedisPersistence;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.SourceLocation;
import io.mooring.core.testing.SampleApps;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An app found in sync is not rendered again while its spec, its revision and its live objects stay
 * the same; any change of one of them (or an input that depends on the clock) renders and diffs it
 * in full, so drift is still found.
 */
class InSyncSkipTest {
  private static final String REVISION = "5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e";
  private static final String NEXT = "b0a710adb0a710adb0a710adb0a710adb0a710ad";

  private final EngineHarness engine = new EngineHarness();
  private final AtomicInteger renders = new AtomicInteger();
  private final List<LiveSecrets> secretsSeen = new ArrayList<>();
  private final AppRenderer counting =
      (spec, live) -> {
        renders.incrementAndGet();
        secretsSeen.add(live);
        return SampleApps.render(spec);
      };
  private final InSyncApps inSync = new InSyncApps();
  private final Reconciler applying = reconciler(ReconcileMode.APPLY);
  private final RedisSpec spec = SampleApps.redisSpec("team-a", "cache", 1, "1Gi");

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void anAppFoundInSyncIsNotRenderedAgainWhileNothingChanged() {
    syncedAndFoundInSync(spec);

    AppResult again = applying.reconcile(spec, REVISION, Trigger.RESYNC);

    assertThat(again).isInstanceOf(AppResult.Synced.class);
    assertThat(again.changes()).isEmpty();
    assertThat(renders).as("renders").hasValue(2);
  }

  @Test
  void aChangedSpecIsRenderedAndApplied() {
    syncedAndFoundInSync(spec);
    RedisSpec bigger = SampleApps.redisSpec("team-a", "cache", 1, "2Gi");

    AppResult result = applying.reconcile(bigger, REVISION, Trigger.WEBHOOK);

    assertThat(renders).hasValue(3);
    assertThat(result.changes()).isNotEmpty();
  }

  @Test
  void aNewRevisionIsRendered() {
    syncedAndFoundInSync(spec);

    applying.reconcile(spec, NEXT, Trigger.RESYNC);

    assertThat(renders).hasValue(3);
  }

  @Test
  void aHandEditOfALiveObjectIsRenderedAndFoundAsDrift() {
    syncedAndFoundInSync(spec);
    StatefulSet live = engine.live(StatefulSet.class, spec.ref(), "cache-redis");
    engine.edit(
        new StatefulSetBuilder(live)
            .editSpec()
            .editTemplate()
            .editSpec()
            .editFirstContainer()
            .withImage("redis:6.0-alpine")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build());

    AppResult observed =
        reconciler(ReconcileMode.OBSERVE).reconcile(spec, REVISION, Trigger.RESYNC);

    assertThat(renders).hasValue(3);
    assertThat(observed).isInstanceOf(AppResult.Drifted.class);
    assertThat(observed.changes())
        .extracting(ObjectAction::key)
        .contains(new ObjectKey("StatefulSet", "team-a", "cache-redis"));
  }

  @Test
  void aChangedLiveSecretIsRenderedFromItsNewValue() {
    syncedAndFoundInSync(spec);
    Secret auth = engine.live(Secret.class, spec.ref(), "cache-auth");
    Map<String, String> data = new HashMap<>(auth.getData());
    data.put("password", "cm90YXRlZA==");
    engine.edit(new SecretBuilder(auth).withData(data).build());

    applying.reconcile(spec, REVISION, Trigger.RESYNC);

    assertThat(renders).hasValue(3);
    assertThat(secretsSeen.get(2).value("cache-auth", "password")).contains("rotated");
  }

  @Test
  void aDeletedObjectIsRenderedAndCreatedAgain() {
    syncedAndFoundInSync(spec);
    ConfigMap config = engine.live(ConfigMap.class, spec.ref(), "cache-redis-config");
    engine.client.resource(config).delete();
    Map<ObjectKey, String> gone = new HashMap<>();
    gone.put(ObjectKey.of(config), null);
    assertThat(engine.cache.awaitObserved(gone, Duration.ofSeconds(10))).isTrue();

    AppResult result = applying.reconcile(spec, REVISION, Trigger.RESYNC);

    assertThat(renders).hasValue(3);
    assertThat(result.changes())
        .singleElement()
        .isInstanceOf(ObjectAction.Create.class)
        .extracting(ObjectAction::key)
        .isEqualTo(ObjectKey.of(config));
  }

  @Test
  void anAppWithAMaintenanceWindowIsRenderedEveryTime() {
    RedisSpec windowed = withMaintenanceWindow(spec);
    applying.reconcile(windowed, REVISION, Trigger.STARTUP);

    applying.reconcile(windowed, REVISION, Trigger.RESYNC);
    applying.reconcile(windowed, REVISION, Trigger.RESYNC);

    assertThat(renders).hasValue(3);
  }

  /** Synced (written), then found in sync by a full render and diff. */
  private void syncedAndFoundInSync(AppSpec app) {
    AppResult first = applying.reconcile(app, REVISION, Trigger.STARTUP);
    assertThat(first.changes()).isNotEmpty();
    AppResult second = applying.reconcile(app, REVISION, Trigger.RESYNC);
    assertThat(second).isInstanceOf(AppResult.Synced.class);
    assertThat(second.changes()).as("changes when the server's answers are diffed").isEmpty();
    assertThat(renders).hasValue(2);
  }

  private Reconciler reconciler(ReconcileMode mode) {
    return new Reconciler(
        counting,
        engine.cache,
        engine.applier,
        engine.metrics,
        ReconcileOptions.defaults().withMode(mode),
        ServerHooks.NONE,
        inSync);
  }

  private static RedisSpec withMaintenanceWindow(RedisSpec spec) {
    return new RedisSpec(
        new AppRef(AppKind.REDIS, spec.ref().namespace(), spec.ref().name()),
        SourceLocation.ofFile("apps/" + spec.ref().name() + ".yaml"),
        Map.of(),
        1,
        null,
        new Quantity("1Gi"),
        null,
        false,
        true,
        new AppLifecycle(
            false,
            false,
            Optional.of(
                new AppLifecycle.MaintenanceWindow(
                    DayOfWeek.SUNDAY, LocalTime.of(2, 0), Duration.ofHours(2)))),
        RedisEngine.DEFAULT,
        RedisPersistence.DEFAULT,
        RedisDataSource.EMPTY);
  }
}
