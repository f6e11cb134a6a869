package io.mooring.core.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.kube.Applier;
import io.mooring.core.kube.ClusterCache;
import io.mooring.core.plan.ServerDepartures;
import io.mooring.core.spec.AppRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After an app's changes are applied: hands the servers recorded as departed on its StatefulSets to
 * the {@link ScaleDownHook}, and clears the record once the hook succeeded. The record stays after
 * a failure, so every later sync of the app tries again.
 */
final class DepartedServers {
  private static final Logger LOG = LoggerFactory.getLogger(DepartedServers.class);

  private final ScaleDownHook hook;
  private final ClusterCache cache;
  private final Applier applier;
  private final Duration cacheWait;

  DepartedServers(ScaleDownHook hook, ClusterCache cache, Applier applier, Duration cacheWait) {
    this.hook = hook;
    this.cache = cache;
    this.applier = applier;
    this.cacheWait = cacheWait;
  }

  /**
   * Returns null when every departure is handled, else why one is not (to be reported as a
   * failure).
   */
  String settle(AppRef app) {
    for (HasMetadata object : cache.liveObjects(app)) {
      if (!(object instanceof StatefulSet set) || !ServerDepartures.isRecorded(set)) {
        continue;
      }
      List<String> servers = ServerDepartures.pending(set);
      String name = set.getMetadata().getName();
      if (!servers.isEmpty()) {
        try {
          hook.serversLeft(app, servers);
        } catch (RuntimeException e) {
          return "servers "
              + servers
              + " left StatefulSet "
              + name
              + " but are not deregistered yet: "
              + e.getMessage()
              + " (tried again on the next sync)";
        }
      }
      try {
        HasMetadata cleared = applier.removeAnnotation(set, ServerDepartures.ANNOTATION);
        if (!cache.awaitObserved(
            Map.of(ObjectKey.of(cleared), cleared.getMetadata().getResourceVersion()), cacheWait)) {
          LOG.warn(
              "the cache did not show the cleared departure record of {} within {}",
              ObjectKey.of(set),
              cacheWait);
        }
      } catch (RuntimeException e) {
        return "servers "
            + servers
            + " left StatefulSet "
            + name
            + " and are deregistered, but the record of it"
            + " could not be cleared: "
            + e.getMessage();
      }
    }
    return null;
  }
}
