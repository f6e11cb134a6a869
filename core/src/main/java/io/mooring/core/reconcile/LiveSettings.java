package io.mooring.core.reconcile;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.plan.MaintenanceDeferral;
import io.mooring.core.plan.ObjectAction;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.redis.RedisNames;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.RedisSpec;
import java.util.List;

/**
 * After a Redis app's config ConfigMap was rewritten: the directives Redis takes at runtime are
 * handed to the {@link LiveSettingsHook}, so the running servers get them without a restart. When
 * the same sync restarts the pods (their template changed), the restart brings the settings.
 */
final class LiveSettings {
  private static final String REDIS_CONF = "redis.conf";

  private final LiveSettingsHook hook;

  LiveSettings(LiveSettingsHook hook) {
    this.hook = hook;
  }

  /** A Redis app's redis.conf as it is live and as it is desired. */
  record Change(String before, String after) {}

  /** {@code spec}'s redis.conf from {@code live} to {@code desired}; null when unchanged. */
  static Change change(AppSpec spec, DesiredState desired, List<HasMetadata> live) {
    if (!(spec instanceof RedisSpec)) {
      return null;
    }
    ObjectKey key = configKey(spec);
    String before = conf(live, key);
    String after = conf(desired.objects(), key);
    return before == null || after == null || before.equals(after)
        ? null
        : new Change(before, after);
  }

  /** Null when nothing was to be done or it was done, else why the servers did not take it. */
  String apply(RedisSpec spec, Change change, List<ObjectAction> applied) {
    ObjectKey key = configKey(spec);
    boolean written =
        applied.stream()
            .anyMatch(action -> action instanceof ObjectAction.Update && action.key().equals(key));
    // Pods that restart read the new config anyway, and may not answer while they do.
    boolean restarting = applied.stream().anyMatch(MaintenanceDeferral::restartsPods);
    if (change == null || !written || restarting) {
      return null;
    }
    try {
      hook.apply(spec.ref(), spec.replicas(), change.before(), change.after());
      return null;
    } catch (RuntimeException e) {
      return e.getMessage();
    }
  }

  private static ObjectKey configKey(AppSpec spec) {
    return new ObjectKey(
        "ConfigMap", spec.ref().namespace(), new RedisNames(spec.ref(), "").redisConfig());
  }

  private static String conf(List<HasMetadata> objects, ObjectKey key) {
    return objects.stream()
        .filter(object -> object instanceof ConfigMap && ObjectKey.of(object).equals(key))
        .map(object -> ((ConfigMap) object).getData())
        .filter(data -> data != null)
        .map(data -> data.get(REDIS_CONF))
        .findFirst()
        .orElse(null);
  }
}
