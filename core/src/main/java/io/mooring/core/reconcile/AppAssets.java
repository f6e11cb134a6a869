package io.mooring.core.reconcile;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.health.Health;
import io.mooring.core.health.HealthStatus;
import io.mooring.core.kube.ClusterCache;
import io.mooring.core.plan.ObjectAction;
import io.mooring.core.render.nats.NatsJoinProbes;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.NatsSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of an app's reconcile: once its Kubernetes objects are in place and its pods ready,
 * what the servers keep themselves (JetStream assets) is brought to the spec through the {@link
 * ServerAssetsHook}, and the result of the reconcile tells about it as about any object: drift in
 * observe mode, changes made in apply mode, refusals as a blocked app.
 */
final class AppAssets {
  private static final Logger LOG = LoggerFactory.getLogger(AppAssets.class);

  private final ServerAssetsHook hook;
  private final ClusterCache cache;
  private final ReconcileMode mode;
  private final Consumer<ObjectAction> onApplied;

  AppAssets(
      ServerAssetsHook hook,
      ClusterCache cache,
      ReconcileMode mode,
      Consumer<ObjectAction> onApplied) {
    this.hook = hook;
    this.cache = cache;
    this.mode = mode;
    this.onApplied = onApplied;
  }

  AppResult after(AppSpec spec, AppResult result) {
    if (!(spec instanceof NatsSpec nats)
        || !nats.jetstream().enabled()
        || nats.jetstream().assets().isEmpty()
        || !(result instanceof AppResult.Synced || result instanceof AppResult.Drifted)) {
      return result;
    }
    // Streams are placed on the servers that run: before every pod is ready, an R3 stream could
    // not be placed, and a drift read from a server still catching up would be wrong.
    if (Health.overall(Health.ofAll(cache.liveObjects(spec.ref()))) != HealthStatus.HEALTHY) {
      LOG.info("{}: JetStream assets wait until the app's pods are ready", spec.ref());
      return result;
    }
    // JetStream turned on later: during the first roll pods are ready without a meta leader, and
    // those not restarted yet run without JetStream.
    if (cache.liveObjects(spec.ref()).stream()
        .anyMatch(object -> object instanceof StatefulSet set && NatsJoinProbes.isApplied(set))) {
      LOG.info("{}: JetStream assets wait until JetStream runs on every pod", spec.ref());
      return result;
    }
    boolean apply = mode == ReconcileMode.APPLY && result instanceof AppResult.Synced;
    AssetSync sync;
    try {
      sync = hook.sync(nats, apply);
    } catch (RuntimeException e) {
      return new AppResult.Failed(
          spec.ref(), "JetStream assets: " + e.getMessage(), result.changes());
    }
    if (apply) {
      sync.changes().forEach(onApplied);
    }
    List<ObjectAction> changes = new ArrayList<>(result.changes());
    changes.addAll(sync.changes());
    if (!sync.refused().isEmpty()) {
      List<String> reasons = new ArrayList<>();
      sync.refused().forEach(refusal -> reasons.add(refusal.key() + ": " + refusal.reason()));
      List<ObjectAction> pending = new ArrayList<>(apply ? List.of() : changes);
      pending.addAll(sync.refused());
      return new AppResult.Blocked(spec.ref(), reasons, pending, false);
    }
    if (result instanceof AppResult.Synced synced) {
      return apply || sync.changes().isEmpty()
          ? new AppResult.Synced(spec.ref(), changes, synced.health(), synced.objects())
          : new AppResult.Drifted(spec.ref(), changes);
    }
    return new AppResult.Drifted(spec.ref(), changes);
  }
}
