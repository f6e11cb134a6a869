package io.mooring.core.health;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.render.common.CertManagerCertificate;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** Health of live objects as their controllers report it in {@code status}. */
public final class Health {
  private Health() {}

  public static ObjectHealth of(HasMetadata object) {
    ObjectKey key = ObjectKey.of(object);
    if (object instanceof StatefulSet set) {
      return statefulSet(key, set);
    }
    if (object instanceof Deployment deployment) {
      return deployment(key, deployment);
    }
    if (object instanceof PersistentVolumeClaim claim) {
      return claim(key, claim);
    }
    return new ObjectHealth(key, HealthStatus.HEALTHY, "exists");
  }

  /** The worst status among the objects; HEALTHY for none. */
  public static HealthStatus overall(Collection<ObjectHealth> objects) {
    return objects.stream()
        .map(ObjectHealth::status)
        .reduce(HealthStatus.HEALTHY, HealthStatus::worse);
  }

  /** Each object's health; a cert-manager Certificate's depends on the Secret it fills. */
  public static List<ObjectHealth> ofAll(Collection<? extends HasMetadata> objects) {
    return objects.stream()
        .map(
            object ->
                CertManagerCertificate.is(object)
                    ? CertificateHealth.of(object, objects)
                    : of(object))
        .toList();
  }

  private static ObjectHealth statefulSet(ObjectKey key, StatefulSet set) {
    int wanted =
        set.getSpec() == null || set.getSpec().getReplicas() == null
            ? 1
            : set.getSpec().getReplicas();
    StatefulSetStatus status = set.getStatus();
    if (status == null
        || !observed(set.getMetadata().getGeneration(), status.getObservedGeneration())) {
      return new ObjectHealth(key, HealthStatus.PROGRESSING, "not yet observed by its controller");
    }
    int ready = value(status.getReadyReplicas());
    int updated = value(status.getUpdatedReplicas());
    boolean rolled =
        status.getUpdateRevision() == null
            || Objects.equals(status.getCurrentRevision(), status.getUpdateRevision());
    if (ready >= wanted && (rolled || updated >= wanted)) {
      return new ObjectHealth(key, HealthStatus.HEALTHY, ready + "/" + wanted + " ready");
    }
    String rolling = rolled ? "" : ", rolling: " + updated + "/" + wanted + " updated";
    return new ObjectHealth(
        key, HealthStatus.PROGRESSING, ready + "/" + wanted + " ready" + rolling);
  }

  private static ObjectHealth deployment(ObjectKey key, Deployment deployment) {
    if (deployment.getStatus() == null
        || !observed(
            deployment.getMetadata().getGeneration(),
            deployment.getStatus().getObservedGeneration())) {
      return new ObjectHealth(key, HealthStatus.PROGRESSING, "not yet observed by its controller");
    }
    List<DeploymentCondition> conditions = deployment.getStatus().getConditions();
    for (DeploymentCondition condition :
        conditions == null ? List.<DeploymentCondition>of() : conditions) {
      if ("Progressing".equals(condition.getType())
          && "ProgressDeadlineExceeded".equals(condition.getReason())) {
        return new ObjectHealth(key, HealthStatus.DEGRADED, "progress deadline exceeded");
      }
      if ("Available".equals(condition.getType())) {
        return "True".equals(condition.getStatus())
            ? new ObjectHealth(key, HealthStatus.HEALTHY, "available")
            : new ObjectHealth(
                key, HealthStatus.PROGRESSING, "not available: " + condition.getMessage());
      }
    }
    return new ObjectHealth(key, HealthStatus.PROGRESSING, "no Available condition yet");
  }

  private static ObjectHealth claim(ObjectKey key, PersistentVolumeClaim claim) {
    String phase = claim.getStatus() == null ? null : claim.getStatus().getPhase();
    if ("Bound".equals(phase)) {
      return new ObjectHealth(key, HealthStatus.HEALTHY, "bound");
    }
    if ("Lost".equals(phase)) {
      return new ObjectHealth(key, HealthStatus.DEGRADED, "volume lost");
    }
    return new ObjectHealth(key, HealthStatus.PROGRESSING, "waiting for a volume");
  }

  private static boolean observed(Long generation, Long observedGeneration) {
    return generation == null || (observedGeneration != null && observedGeneration >= generation);
  }

  private static int value(Integer count) {
    return count == null ? 0 : count;
  }
}
