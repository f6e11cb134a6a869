package io.mooring.core.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.kube.Applier;
import io.mooring.core.kube.ClusterCache;
import io.mooring.core.render.redis.RedisNames;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.RedisDataSource;
import io.mooring.core.spec.RedisSpec;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a Redis app with a migration by replication is applied: hands it to the {@link
 * MigrationHook} with its progress, recorded as {@value MigrationHook#ANNOTATION} on the app's
 * StatefulSet (written before the next step is taken, and read back from the cache).
 */
final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private final MigrationHook hook;
  private final ClusterCache cache;
  private final Applier applier;
  private final Duration cacheWait;

  Migrations(MigrationHook hook, ClusterCache cache, Applier applier, Duration cacheWait) {
    this.hook = hook;
    this.cache = cache;
    this.applier = applier;
    this.cacheWait = cacheWait;
  }

  /** Returns null when there is nothing to migrate or the step went well, else why it failed. */
  String advance(AppSpec spec) {
    if (!(spec instanceof RedisSpec redis)
        || !(redis.dataSource() instanceof RedisDataSource.Migration migration)
        || migration.method() != RedisDataSource.Migration.Method.REPLICATION) {
      return null;
    }
    ObjectKey key =
        new ObjectKey(
            "StatefulSet", spec.ref().namespace(), new RedisNames(spec.ref(), "").redis());
    if (!(cache.get(key) instanceof StatefulSet set)) {
      return null;
    }
    OnStatefulSet record = new OnStatefulSet(set);
    if (record.read().filter(MigrationHook.DONE::equals).isPresent()) {
      return null;
    }
    try {
      MigrationHook.Progress progress = hook.advance(redis, record);
      AppLogFields.app(LOG.atInfo(), spec.ref())
          .addKeyValue("done", progress.done())
          .log("migration: " + progress.message());
      return null;
    } catch (RuntimeException e) {
      return "migration from "
          + migration.host()
          + ":"
          + migration.port()
          + " did not advance: "
          + e.getMessage()
          + " (tried again on the next sync)";
    }
  }

  /** The progress on the live StatefulSet. */
  private final class OnStatefulSet implements MigrationHook.ProgressRecord {
    private HasMetadata set;

    OnStatefulSet(StatefulSet set) {
      this.set = set;
    }

    @Override
    public Optional<String> read() {
      Map<String, String> annotations = set.getMetadata().getAnnotations();
      return annotations == null
          ? Optional.empty()
          : Optional.ofNullable(annotations.get(MigrationHook.ANNOTATION));
    }

    @Override
    public void write(String state) {
      set = applier.annotate(set, MigrationHook.ANNOTATION, state);
      if (!cache.awaitObserved(
          Map.of(ObjectKey.of(set), set.getMetadata().getResourceVersion()), cacheWait)) {
        LOG.warn(
            "the cache did not show the migration record of {} within {}",
            ObjectKey.of(set),
            cacheWait);
      }
    }
  }
}
