package io.mooring.core.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.NatsSpec;
import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.spec.RedisDataSource;
import io.mooring.core.spec.RedisSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The apps whose last diff found them in sync, with everything that diff was made from: the spec,
 * the revision and the live objects (by resourceVersion, so the app's live Secrets, whose generated
 * values rendering reuses, are among them). An app whose inputs are all the same again would render
 * to the same objects and compare equal to the same live state, so its reconcile can skip rendering
 * and diffing; any change of the spec, of the revision or of one live object (an edit, a status
 * update, a deletion, a new object) makes it render and diff in full, and drift is found as before.
 *
 * <p>Apps whose outcome depends on more than these never skip: a maintenance window (the clock
 * decides what may be applied), TLS (certificates are renewed by date), a Redis Cluster (its
 * servers' own view of slots and nodes), a migration by replication (the source's progress),
 * JetStream assets (kept by the servers, not in Kubernetes), a password rotation on a schedule or
 * in its overlap (the clock decides when its next step is due).
 *
 * <p>Shared by the reconcilers of one process (apply and observe): in sync is in sync whichever
 * looked. Thread-safe.
 */
public final class InSyncApps {
  private record Basis(AppSpec spec, String revision, String live) {}

  private final Map<AppRef, Basis> apps = new ConcurrentHashMap<>();

  /** True when {@code spec} at {@code revision} was found in sync with exactly these objects. */
  boolean unchanged(AppSpec spec, String revision, List<HasMetadata> live) {
    Basis basis = apps.get(spec.ref());
    return basis != null
        && mayBeRemembered(spec)
        && Objects.equals(basis.revision(), revision)
        && basis.spec().equals(spec)
        && basis.live().equals(fingerprint(live));
  }

  /** A diff of {@code spec} at {@code revision} against {@code live} found nothing to do. */
  void inSync(AppSpec spec, String revision, List<HasMetadata> live) {
    if (mayBeRemembered(spec) && !PasswordRotations.inFlight(live)) {
      apps.put(spec.ref(), new Basis(spec, revision, fingerprint(live)));
    } else {
      apps.remove(spec.ref());
    }
  }

  /** The app was found out of sync, failed, left git or became invalid. */
  void forget(AppRef app) {
    apps.remove(app);
  }

  int size() {
    return apps.size();
  }

  /** False for the apps whose outcome depends on more than their spec and live objects. */
  static boolean mayBeRemembered(AppSpec spec) {
    if (spec.lifecycle().maintenanceWindow().isPresent()) {
      return false;
    }
    if (spec instanceof RedisClusterSpec) {
      return false;
    }
    if (spec instanceof RedisSpec redis) {
      return !redis.tls().enabled()
          && !(redis.dataSource() instanceof RedisDataSource.Migration)
          && redis.passwordRotation().every().isEmpty();
    }
    if (spec instanceof NatsSpec nats) {
      return !nats.tlsEnabled()
          && !(nats.jetstream().enabled() && !nats.jetstream().assets().isEmpty());
    }
    return false;
  }

  /** Every object's identity and resourceVersion, in the cache's (apply) order. */
  private static String fingerprint(List<HasMetadata> live) {
    StringBuilder out = new StringBuilder(live.size() * 48);
    for (HasMetadata object : live) {
      out.append(object.getKind())
          .append('/')
          .append(object.getMetadata().getNamespace())
          .append('/')
          .append(object.getMetadata().getName())
          .append('@')
          .append(object.getMetadata().getResourceVersion())
          .append(';');
    }
    return out.toString();
  }
}
