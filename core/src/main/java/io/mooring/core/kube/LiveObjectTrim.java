package io.mooring.core.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the cache keeps of a live object: the differ compares only what Mooring declares and the
 * health checks read a few status fields, so the server's bookkeeping is dropped as objects arrive.
 * At thousands of apps {@code managedFields} alone is a large part of every object.
 */
public final class LiveObjectTrim {
  /** Written by {@code kubectl apply}: a second copy of the whole object, read by no one here. */
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private LiveObjectTrim() {}

  /** Trims {@code object} in place and returns it. */
  public static <T extends HasMetadata> T trim(T object) {
    ObjectMeta metadata = object.getMetadata();
    if (metadata != null) {
      metadata.setManagedFields(null);
      Map<String, String> annotations = metadata.getAnnotations();
      if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
        annotations.remove(LAST_APPLIED);
      }
      // Each object arrives with its own copies of the same few strings: the app's labels, the
      // revision. One shared copy of each keeps thousands of apps' objects small.
      metadata.setLabels(shared(metadata.getLabels()));
      metadata.setAnnotations(shared(metadata.getAnnotations()));
    }
    if (object instanceof ConfigMap config) {
      // Scripts and configuration files are mostly the same text in every app.
      config.setData(shared(config.getData()));
    }
    // Health reads a StatefulSet's counts and revisions, a Deployment's observed generation and
    // conditions, a claim's phase; nothing reads a Service's or a budget's status.
    if (object instanceof StatefulSet set && set.getStatus() != null) {
      set.getStatus().setConditions(null);
    } else if (object instanceof Deployment deployment && deployment.getStatus() != null) {
      if (deployment.getStatus().getConditions() != null) {
        for (DeploymentCondition condition : deployment.getStatus().getConditions()) {
          condition.setLastUpdateTime(null);
          condition.setLastTransitionTime(null);
        }
      }
    } else if (object instanceof PersistentVolumeClaim claim && claim.getStatus() != null) {
      claim.getStatus().setConditions(null);
    } else if (object instanceof Service service) {
      service.setStatus(null);
    } else if (object instanceof PodDisruptionBudget budget) {
      budget.setStatus(null);
    }
    return object;
  }

  private static Map<String, String> shared(Map<String, String> map) {
    if (map == null || map.isEmpty()) {
      return map;
    }
    Map<String, String> shared = new LinkedHashMap<>(map.size() * 2);
    map.forEach((key, value) -> shared.put(key.intern(), value == null ? null : value.intern()));
    return shared;
  }
}
