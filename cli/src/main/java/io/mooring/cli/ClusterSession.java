package io.mooring.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mooring.core.kube.Applier;
import io.mooring.core.kube.ClusterCache;
import io.mooring.core.kube.RetryPolicy;
import io.mooring.core.metrics.DriftMetrics;
import io.mooring.core.reconcile.ReconcileMode;
import io.mooring.core.reconcile.ReconcileOptions;
import io.mooring.core.reconcile.ReconcileReport;
import io.mooring.core.reconcile.Reconciler;
import io.mooring.core.reconcile.Trigger;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.AppSpec;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One pass of the daemon's engine over specs read from disk: list the served namespaces into a
 * {@link ClusterCache} (the same reads the daemon makes, and a diff then costs no further API
 * call), reconcile every app once, close. In observe mode the {@link Applier} refuses every write,
 * so a diff cannot change the cluster even if the plan had a bug.
 */
final class ClusterSession {
  private ClusterSession() {}

  /**
   * The kubeconfig is unusable or the cluster cannot be reached or listed; the command exits with
   * 2.
   */
  static final class ClusterException extends Exception {
    ClusterException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static ReconcileReport reconcile(
      ClusterOptions cluster, LoadedSpecs specs, ReconcileOptions options) throws ClusterException {
    boolean mayWrite = options.mode() == ReconcileMode.APPLY;
    List<String> namespaces = cluster.servedNamespaces();
    Predicate<AppRef> served = app -> namespaces.isEmpty() || namespaces.contains(app.namespace());
    try (KubernetesClient client = connect(cluster);
        ClusterCache cache = start(client, namespaces, cluster)) {
      Applier applier = new Applier(client, RetryPolicy.defaults(), () -> mayWrite);
      Reconciler reconciler =
          new Reconciler(
              specs.renderedStates(),
              cache,
              applier,
              new DriftMetrics(new SimpleMeterRegistry()),
              options);
      List<AppSpec> toReconcile =
          specs.renderedSpecs().stream().filter(spec -> served.test(spec.ref())).toList();
      Map<AppRef, List<String>> untouched =
          new LinkedHashMap<>(specs.untouched(cache.managedApps()));
      untouched.keySet().removeIf(served.negate());
      return reconciler.reconcileAll(null, toReconcile, untouched, Trigger.CLI);
    } catch (KubernetesClientException e) {
      throw new ClusterException("cannot use the cluster: " + e.getMessage(), e);
    }
  }

  private static KubernetesClient connect(ClusterOptions cluster) throws ClusterException {
    String source =
        cluster.kubeconfig == null ? "the default kubeconfig" : cluster.kubeconfig.toString();
    try {
      return KubernetesClients.connect(cluster.kubeconfig, cluster.context);
    } catch (IOException e) {
      throw new ClusterException("cannot use " + source + ": " + rootCause(e), e);
    } catch (RuntimeException e) {
      throw new ClusterException("cannot use " + source + ": " + e.getMessage(), e);
    }
  }

  private static ClusterCache start(
      KubernetesClient client, List<String> namespaces, ClusterOptions cluster)
      throws ClusterException {
    try {
      return ClusterCache.start(client, namespaces, cluster.timeout);
    } catch (IllegalStateException e) {
      throw new ClusterException(
          "cannot list the cluster's objects at " + client.getMasterUrl() + ": " + rootCause(e), e);
    }
  }

  /**
   * The first I/O failure says what went wrong (connection refused, timeout ...); the wrappers say
   * only where.
   */
  private static String rootCause(Throwable e) {
    Throwable cause = e;
    while (!(cause instanceof IOException)
        && cause.getCause() != null
        && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : " " + message);
  }
}
