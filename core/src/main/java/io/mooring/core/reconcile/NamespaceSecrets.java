package io.mooring.core.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.kube.ClusterCache;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.NatsSpec;
import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.tls.NamespaceCa;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Secrets of a namespace that no one app owns but several render: the CA that signs every TLS
 * app's certificate. They carry no app label, so the cache does not list them among an app's
 * objects; the reconciler adds them for rendering (the live CA signs, see {@link
 * NamespaceCa#live}), and for planning only when the app renders them, so that an app without TLS
 * never prunes the CA of the others.
 */
final class NamespaceSecrets {
  private NamespaceSecrets() {}

  /** True when the app's TLS certificates are signed by the namespace's own CA. */
  static boolean signsWithOwnCa(AppSpec spec) {
    if (spec instanceof NatsSpec nats) {
      return nats.tlsEnabled();
    }
    if (spec instanceof RedisClusterSpec cluster) {
      return cluster.tls().enabled() && !cluster.tls().certManager();
    }
    return spec instanceof RedisSpec redis && redis.tls().enabled() && !redis.tls().certManager();
  }

  /** The namespace's shared Secrets that exist. */
  static List<HasMetadata> of(ClusterCache cache, String namespace) {
    HasMetadata ca = cache.get(new ObjectKey("Secret", namespace, NamespaceCa.SECRET_NAME));
    return ca == null ? List.of() : List.of(ca);
  }

  /** The app's live objects with every shared one, what a render reads its live Secrets from. */
  static List<HasMetadata> forRender(List<HasMetadata> live, List<HasMetadata> shared) {
    List<HasMetadata> all = new ArrayList<>(live);
    all.addAll(shared);
    return all;
  }

  /** The app's live objects with the shared ones it renders, what its plan compares against. */
  static List<HasMetadata> forPlan(
      List<HasMetadata> live, List<HasMetadata> shared, DesiredState rendered) {
    Set<ObjectKey> renderedKeys =
        rendered.objects().stream().map(ObjectKey::of).collect(Collectors.toSet());
    List<HasMetadata> all = new ArrayList<>(live);
    shared.stream().filter(object -> renderedKeys.contains(ObjectKey.of(object))).forEach(all::add);
    return all;
  }
}
