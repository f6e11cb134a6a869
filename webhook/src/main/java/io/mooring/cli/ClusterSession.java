package io.mooring.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
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
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One pass of the daemon's engine over specs read from disk: list the served namespaces into a
 * {@link ClusterCache} (the same reads the daemon makes, and a diff then costs no further API call),
 * reconcile every app once, close. In observe mode the {@link Applier} refuses every write, so a diff
 * cannot change the cluster even if the plan had a bug.
 */
final class ClusterSession {
  private ClusterSession() {}

  /** Thrown when the cluster cannot be reached or listed; the command exits with 2. */
  static final class UnreachableException extends Exception {
    UnreachableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static ReconcileReport reconcile(ClusterOptions cluster, LoadedSpecs specs, ReconcileOptions options)
      throws UnreachableException, IOException {
    boolean mayWrite = options.mode() == ReconcileMode.APPLY;
    List<String> namespaces = cluster.servedNamespaces();
    Predicate<AppRef> served = app -> namespaces.isEmpty() || namespaces.contains(app.namespace());
    try (KubernetesClient client = KubernetesClients.connect(cluster.kubeconfig, cluster.context);
        ClusterCache cache = start(client, namespaces, cluster)) {
      Applier applier = new Applier(client, RetryPolicy.defaults(), () -> mayWrite);
      Reconciler reconciler = new Reconciler(
          specs.renderedStates(), cache, applier, new DriftMetrics(new SimpleMeterRegistry()), options);
      List<AppSpec> toReconcile = specs.renderedSpecs().stream().filter(spec -> served.test(spec.ref())).toList();
      Map<AppRef, List<String>> untouched = specs.untouched(cache.managedApps()).entrySet().stream()
          .filter(entry -> served.test(entry.getKey()))
          .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.LinkedHashMap::new));
      return reconciler.reconcileAll(null, toReconcile, untouched, Trigger.CLI);
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      throw new UnreachableException("cannot use the cluster: " + e.getMessage(), e);
    }
  }

  private static ClusterCache start(KubernetesClient client, List<String> namespaces, ClusterOptions cluster)
      throws UnreachableException {
    try {
      return ClusterCache.start(client, namespaces, cluster.timeout);
    } catch (IllegalStateException e) {
      Throwable cause = e.getCause() != null && e.getCause().getCause() != null ? e.getCause().getCause() : e.getCause();
      String why = cause == null ? "" : ": " + cause.getMessage();
      throw new UnreachableException("cannot list the cluster's objects at " + client.getMasterUrl() + why, e);
    }
  }
}
