package io.mooring.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.mooring.core.render.common.ApplyOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Least privilege: exactly what Mooring's engine calls, in the scope the values ask for. */
class ChartRbacIT {
  /** Every kind the renderer produces. */
  private static final Set<String> RENDERED_KINDS =
      Set.of(
          "Secret",
          "Certificate",
          "ConfigMap",
          "Service",
          "StatefulSet",
          "Deployment",
          "PodDisruptionBudget",
          "NetworkPolicy",
          "PersistentVolumeClaim");

  private static final Map<String, String> RESOURCE_OF_KIND =
      Map.of(
          "Secret", "/secrets",
          "Certificate", "cert-manager.io/certificates",
          "ConfigMap", "/configmaps",
          "Service", "/services",
          "StatefulSet", "apps/statefulsets",
          "Deployment", "apps/deployments",
          "PodDisruptionBudget", "policy/poddisruptionbudgets",
          "NetworkPolicy", "networking.k8s.io/networkpolicies",
          "PersistentVolumeClaim", "/persistentvolumeclaims");

  /** ApplyOrder ranks exactly the kinds the renderer produces: 0..n-1, with n for anything else. */
  @Test
  void theTestCoversEveryKindTheRendererApplies() {
    Set<Integer> ranks = RENDERED_KINDS.stream().map(ApplyOrder::rank).collect(Collectors.toSet());

    assertThat(ranks)
        .isEqualTo(
            IntStream.range(0, ApplyOrder.rank("NotAKind")).boxed().collect(Collectors.toSet()));
  }

  @Test
  void noWildcardInAnyRule() {
    Manifests withLeaderElection =
        Manifests.parse(HelmChart.template(null, Map.of("replicaCount", 2)));
    for (Manifests manifests : List.of(defaults(), allFeatures(), withLeaderElection)) {
      assertThat(rules(manifests.all()))
          .isNotEmpty()
          .allSatisfy(
              rule ->
                  assertThat(
                          Stream.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs())
                              .flatMap(List::stream))
                      .as(rule.toString())
                      .noneMatch(value -> value.contains("*")));
    }
  }

  /**
   * The chart grants exactly what the daemon's requests need: every permission a recorded sync,
   * heal, re-create, prune and failover used is granted, and nothing else is, but for the verb the
   * mock API cannot provoke (growing a claim needs a storage provisioner to have made it) and the
   * NetworkPolicy of an Aiven ip_filter, which the recorded Cozystack cycle does not render (it is
   * applied and pruned like every other rendered kind: patch and delete), the backups' pod list and
   * exec, which the mock API does not serve, the pod delete of a Redis roll (the mock runs no pods
   * to roll), the get of an ACL user's own Secret (the recorded cycle has no users) and
   * cert-manager's Certificates (the recorded cluster has no cert-manager, so they are neither
   * watched nor written; create because a real API server authorises an apply that creates as
   * create). Recorded, not listed by hand: this is how the Lease turned out to need {@code patch},
   * where {@code update} had been granted, and how every applied kind turned out to need {@code
   * create}, since an apply that creates is authorised as create (the backup claim and the
   * ip_filter's NetworkPolicy are applied the same way, outside the recorded cycle).
   */
  @Test
  void theRulesAreExactlyThePermissionsTheDaemonsRequestsNeed(@TempDir Path dir) throws Exception {
    Set<ApiPermission> used = RecordedDaemonCalls.ofACycle(dir);
    Set<ApiPermission> granted = new TreeSet<>();
    rules(defaults().all()).forEach(rule -> granted.addAll(permissions(rule)));

    assertThat(granted).as("granted").containsAll(used);
    Set<ApiPermission> unused = new TreeSet<>(granted);
    unused.removeAll(used);
    assertThat(unused)
        .as("granted but never requested")
        .containsExactly(
            new ApiPermission("", "persistentvolumeclaims", "create"),
            new ApiPermission("", "persistentvolumeclaims", "patch"),
            new ApiPermission("", "pods", "delete"),
            new ApiPermission("", "pods", "list"),
            new ApiPermission("", "pods/exec", "create"),
            new ApiPermission("", "pods/exec", "get"),
            new ApiPermission("", "secrets", "get"),
            new ApiPermission("cert-manager.io", "certificates", "create"),
            new ApiPermission("cert-manager.io", "certificates", "delete"),
            new ApiPermission("cert-manager.io", "certificates", "list"),
            new ApiPermission("cert-manager.io", "certificates", "patch"),
            new ApiPermission("cert-manager.io", "certificates", "watch"),
            new ApiPermission("networking.k8s.io", "networkpolicies", "create"),
            new ApiPermission("networking.k8s.io", "networkpolicies", "delete"),
            new ApiPermission("networking.k8s.io", "networkpolicies", "patch"));
    assertThat(granted)
        .as("pods only to roll them and run the backup script, no events: Mooring emits no Event")
        .noneMatch(
            p ->
                p.resource().equals("events")
                    || (p.resource().equals("pods")
                        && !p.verb().equals("list")
                        && !p.verb().equals("delete")));
  }

  @Test
  void clusterRoleCoversEveryRenderedKind() {
    Map<String, Set<String>> granted = grants(defaults().single(ClusterRole.class).getRules());

    RENDERED_KINDS.forEach(kind -> assertThat(granted).containsKey(RESOURCE_OF_KIND.get(kind)));
    assertThat(granted.get("/persistentvolumeclaims")).doesNotContain("delete");
  }

  @Test
  void listedNamespacesGetARoleEachInsteadOfAClusterRole() {
    Manifests manifests = allFeatures();

    assertThat(manifests.ofKind("ClusterRole")).isEmpty();
    assertThat(manifests.ofKind("ClusterRoleBinding")).isEmpty();
    List<Role> managing =
        manifests.ofType(Role.class).stream()
            .filter(r -> r.getMetadata().getName().equals("mooring"))
            .collect(Collectors.toList());
    assertThat(managing)
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactly("team-a", "team-b");
    assertThat(manifests.ofKind("RoleBinding"))
        .extracting(b -> b.getMetadata().getNamespace())
        .contains("team-a", "team-b");
    for (Role role : managing) {
      Map<String, Set<String>> granted = grants(role.getRules());
      RESOURCE_OF_KIND.values().forEach(resource -> assertThat(granted).containsKey(resource));
      // allowDataDeletion is on in these values: the one case where a volume may be deleted.
      assertThat(granted.get("/persistentvolumeclaims")).contains("delete");
    }
  }

  @Test
  void leaderElectionMayUseOnlyItsOwnLeaseAndTheConfigMapBesideIt() {
    Role lease = (Role) allFeatures().named("Role", "mooring-leader-election").orElseThrow();

    assertThat(lease.getMetadata().getNamespace()).isEqualTo(HelmChart.NAMESPACE);
    assertThat(grants(lease.getRules()))
        .containsOnlyKeys("coordination.k8s.io/leases", "/configmaps");
    assertThat(lease.getRules())
        .filteredOn(rule -> !rule.getVerbs().equals(List.of("create")))
        .hasSize(2)
        .allSatisfy(rule -> assertThat(rule.getResourceNames()).containsExactly("mooring-eu-1"));
    assertThat(grants(lease.getRules()).get("coordination.k8s.io/leases"))
        .isEqualTo(Set.of("get", "create", "patch"));
    assertThat(grants(lease.getRules()).get("/configmaps"))
        .isEqualTo(Set.of("get", "list", "watch", "create", "patch"));
  }

  private static Manifests defaults() {
    return Manifests.parse(HelmChart.template());
  }

  private static Manifests allFeatures() {
    return Manifests.parse(
        HelmChart.template(ChartFiles.ciValues("all-features-values.yaml"), Map.of()));
  }

  private static List<PolicyRule> rules(List<HasMetadata> objects) {
    return objects.stream()
        .flatMap(
            o ->
                o instanceof ClusterRole c
                    ? c.getRules().stream()
                    : o instanceof Role r ? r.getRules().stream() : Stream.empty())
        .collect(Collectors.toList());
  }

  private static List<ApiPermission> permissions(PolicyRule rule) {
    return rule.getApiGroups().stream()
        .flatMap(
            group ->
                rule.getResources().stream()
                    .flatMap(
                        resource ->
                            rule.getVerbs().stream()
                                .map(verb -> new ApiPermission(group, resource, verb))))
        .collect(Collectors.toList());
  }

  /** "group/resource" to the union of verbs granted on it. */
  private static Map<String, Set<String>> grants(List<PolicyRule> rules) {
    return rules.stream()
        .flatMap(
            rule ->
                rule.getApiGroups().stream()
                    .flatMap(
                        group ->
                            rule.getResources().stream()
                                .map(r -> Map.entry(group + "/" + r, rule))))
        .collect(
            Collectors.groupingBy(
                Map.Entry::getKey,
                Collectors.flatMapping(
                    e -> e.getValue().getVerbs().stream(), Collectors.toCollection(TreeSet::new))));
  }
}
