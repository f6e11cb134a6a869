package io.mooring.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.mooring.core.render.common.ApplyOrder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Least privilege: exactly what Mooring's engine calls, in the scope the values ask for. */
class ChartRbacIT {
  private static final Set<String> FULL =
      Set.of("get", "list", "watch", "create", "update", "patch", "delete");

  /**
   * Every kind the renderer produces, as API group/resource, with the verbs the engine needs on it.
   */
  private static final Map<String, Set<String>> RENDERED_KINDS =
      Map.of(
          "Secret", FULL,
          "ConfigMap", FULL,
          "Service", FULL,
          "StatefulSet", FULL,
          "Deployment", FULL,
          "PodDisruptionBudget", FULL,
          "NetworkPolicy", FULL,
          "PersistentVolumeClaim", Set.of("get", "list", "watch", "patch"));

  private static final Map<String, String> RESOURCE_OF_KIND =
      Map.of(
          "Secret", "/secrets",
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
    Set<Integer> ranks =
        RENDERED_KINDS.keySet().stream().map(ApplyOrder::rank).collect(Collectors.toSet());

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

  @Test
  void clusterRoleGrantsWhatTheEngineUsesAndNoMore() {
    ClusterRole role = defaults().single(ClusterRole.class);
    Map<String, Set<String>> granted = grants(role.getRules());

    RENDERED_KINDS.forEach(
        (kind, verbs) ->
            assertThat(granted.get(RESOURCE_OF_KIND.get(kind))).as(kind).isEqualTo(verbs));
    assertThat(granted.get("/pods")).isEqualTo(Set.of("get", "list", "patch"));
    assertThat(granted.get("/events")).isEqualTo(Set.of("create", "patch"));
    assertThat(granted.keySet())
        .as("nothing beyond the rendered kinds, pods and events")
        .hasSize(RENDERED_KINDS.size() + 2);
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
      assertThat(granted.get("/events")).contains("create");
      // allowDataDeletion is on in these values: the one case where a volume may be deleted.
      assertThat(granted.get("/persistentvolumeclaims")).contains("delete");
    }
  }

  @Test
  void leaderElectionMayUseOnlyItsOwnLease() {
    Role lease = (Role) allFeatures().named("Role", "mooring-leader-election").orElseThrow();

    assertThat(lease.getMetadata().getNamespace()).isEqualTo(HelmChart.NAMESPACE);
    assertThat(grants(lease.getRules())).containsOnlyKeys("coordination.k8s.io/leases");
    assertThat(lease.getRules())
        .filteredOn(rule -> rule.getVerbs().contains("get"))
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getResourceNames()).containsExactly("mooring-leader");
              assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "update");
            });
    assertThat(grants(lease.getRules()).get("coordination.k8s.io/leases"))
        .isEqualTo(Set.of("get", "create", "update"));
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
