package io.mooring.core.diff;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills the values the API server defaults into the live side when they are missing there. Filling
 * (rather than deleting defaults from both sides) keeps a value Mooring states explicitly, such as
 * {@code whenDeleted: Retain}, under comparison: changing it in the cluster is drift.
 */
final class KnownDefaults implements Normalizer {
  private static final List<String> PROBES =
      List.of("livenessProbe", "readinessProbe", "startupProbe");

  @Override
  public void normalize(String kind, Map<String, Object> tree, boolean live) {
    if (!live) {
      return;
    }
    Map<String, Object> spec = Trees.map(tree.get("spec"));
    if (spec == null) {
      return;
    }
    switch (kind) {
      case "Service" -> service(spec);
      case "StatefulSet" -> {
        statefulSet(spec);
        podTemplate(spec);
      }
      case "Deployment" -> {
        deployment(spec);
        podTemplate(spec);
      }
      default -> {}
    }
  }

  private static void service(Map<String, Object> spec) {
    Trees.putIfAbsent(spec, "type", "ClusterIP");
    Trees.putIfAbsent(spec, "sessionAffinity", "None");
    Trees.eachMapIn(
        spec,
        "ports",
        port -> {
          Trees.putIfAbsent(port, "protocol", "TCP");
          if (port.get("port") != null) {
            Trees.putIfAbsent(port, "targetPort", port.get("port"));
          }
        });
  }

  private static void statefulSet(Map<String, Object> spec) {
    Trees.putIfAbsent(spec, "podManagementPolicy", "OrderedReady");
    Trees.putIfAbsent(spec, "revisionHistoryLimit", 10);
    Map<String, Object> strategy = child(spec, "updateStrategy");
    Trees.putIfAbsent(strategy, "type", "RollingUpdate");
    if ("RollingUpdate".equals(strategy.get("type"))) {
      Trees.putIfAbsent(child(strategy, "rollingUpdate"), "partition", 0);
    }
    Map<String, Object> retention = child(spec, "persistentVolumeClaimRetentionPolicy");
    Trees.putIfAbsent(retention, "whenDeleted", "Retain");
    Trees.putIfAbsent(retention, "whenScaled", "Retain");
    Trees.eachMapIn(
        spec,
        "volumeClaimTemplates",
        template -> Trees.putIfAbsent(Trees.map(template.get("spec")), "volumeMode", "Filesystem"));
  }

  private static void deployment(Map<String, Object> spec) {
    Trees.putIfAbsent(spec, "progressDeadlineSeconds", 600);
    Trees.putIfAbsent(spec, "revisionHistoryLimit", 10);
    Map<String, Object> strategy = child(spec, "strategy");
    Trees.putIfAbsent(strategy, "type", "RollingUpdate");
    if ("RollingUpdate".equals(strategy.get("type"))) {
      Map<String, Object> rolling = child(strategy, "rollingUpdate");
      Trees.putIfAbsent(rolling, "maxUnavailable", "25%");
      Trees.putIfAbsent(rolling, "maxSurge", "25%");
    }
  }

  private static void podTemplate(Map<String, Object> workloadSpec) {
    Map<String, Object> pod = Trees.at(workloadSpec, "template.spec");
    if (pod == null) {
      return;
    }
    Trees.putIfAbsent(pod, "restartPolicy", "Always");
    Trees.putIfAbsent(pod, "dnsPolicy", "ClusterFirst");
    Trees.putIfAbsent(pod, "schedulerName", "default-scheduler");
    Trees.putIfAbsent(pod, "terminationGracePeriodSeconds", 30);
    Trees.putIfAbsent(pod, "securityContext", new LinkedHashMap<>());
    Trees.eachMapIn(pod, "containers", KnownDefaults::container);
    Trees.eachMapIn(pod, "initContainers", KnownDefaults::container);
    Trees.eachMapIn(
        pod,
        "volumes",
        volume -> {
          Trees.putIfAbsent(Trees.map(volume.get("configMap")), "defaultMode", 420);
          Trees.putIfAbsent(Trees.map(volume.get("secret")), "defaultMode", 420);
        });
  }

  private static void container(Map<String, Object> container) {
    Trees.putIfAbsent(container, "imagePullPolicy", pullPolicyFor(container.get("image")));
    Trees.putIfAbsent(container, "terminationMessagePath", "/dev/termination-log");
    Trees.putIfAbsent(container, "terminationMessagePolicy", "File");
    Trees.eachMapIn(container, "ports", port -> Trees.putIfAbsent(port, "protocol", "TCP"));
    Trees.eachMapIn(
        container,
        "env",
        env -> Trees.putIfAbsent(Trees.at(env, "valueFrom.fieldRef"), "apiVersion", "v1"));
    for (String probeName : PROBES) {
      Map<String, Object> probe = Trees.map(container.get(probeName));
      if (probe != null) {
        Trees.putIfAbsent(probe, "successThreshold", 1);
        Trees.putIfAbsent(probe, "timeoutSeconds", 1);
        Trees.putIfAbsent(probe, "periodSeconds", 10);
        Trees.putIfAbsent(probe, "failureThreshold", 3);
        Trees.putIfAbsent(Trees.map(probe.get("httpGet")), "scheme", "HTTP");
      }
    }
  }

  /**
   * Kubernetes pulls {@code :latest} (or untagged) images always, pinned tags only when missing.
   */
  static String pullPolicyFor(Object image) {
    String ref = image == null ? "" : image.toString();
    if (ref.contains("@")) {
      return "IfNotPresent";
    }
    int slash = ref.lastIndexOf('/');
    int colon = ref.lastIndexOf(':');
    boolean tagged = colon > slash;
    return !tagged || ref.endsWith(":latest") ? "Always" : "IfNotPresent";
  }

  private static Map<String, Object> child(Map<String, Object> parent, String key) {
    Map<String, Object> existing = Trees.map(parent.get(key));
    if (existing != null) {
      return existing;
    }
    Map<String, Object> created = new LinkedHashMap<>();
    parent.put(key, created);
    return created;
  }
}
