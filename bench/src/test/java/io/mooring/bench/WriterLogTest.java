package io.mooring.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.sandbox.FaultPlan.ProxiedRequest;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WriterLogTest {
  private static final Map<String, String> APP_OF =
      Map.of(
          "team-00/cache-0-redis", "apps/team-00/cache-0.yaml",
          "team-00/cache-0-sentinel", "apps/team-00/cache-0.yaml",
          "team-01/events-1", "apps/team-01/events-1.yaml");

  @Test
  void anObjectIsKnownByItsNamespaceResourceAndNameWhateverItsApiGroupOrSubresource() {
    assertThat(WriterLog.objectKey("/api/v1/namespaces/team-00/services/cache-0-redis"))
        .isEqualTo("team-00/services/cache-0-redis");
    assertThat(WriterLog.objectKey("/apis/apps/v1/namespaces/team-00/statefulsets/x/scale"))
        .isEqualTo("team-00/statefulsets/x");
    assertThat(WriterLog.objectKey("/api/v1/namespaces/team-00/configmaps"))
        .isEqualTo("team-00/configmaps/");
    assertThat(WriterLog.objectKey("/api/v1/namespaces/team-00")).isNull();
    assertThat(WriterLog.namespacedName("team-00/statefulsets/x")).isEqualTo("team-00/x");
  }

  @Test
  void onlyWritesToTheAppsNamespacesAreNotedWithTheProcessWhoseProxySawThem() {
    WriterLog log = new WriterLog(Set.of("team-00"));
    log.planOf(2)
        .choose(
            new ProxiedRequest(
                "PATCH", "/apis/apps/v1/namespaces/team-00/statefulsets/x", "", false, false));
    log.planOf(1)
        .choose(
            new ProxiedRequest(
                "GET", "/apis/apps/v1/namespaces/team-00/statefulsets/x", "", false, false));
    log.planOf(1)
        .choose(
            new ProxiedRequest(
                "PUT",
                "/apis/coordination.k8s.io/v1/namespaces/default/leases/mooring-shard-0",
                "",
                false,
                false));
    assertThat(log.writes()).isEqualTo(1);
    assertThat(log.writers()).isEqualTo(Map.of("team-00/statefulsets/x", Set.of(2)));
  }

  @Test
  void appsAreCountedByHowManyProcessesWroteTheirObjects() {
    WriterSummary summary =
        WriterSummary.of(
            Map.of(
                "team-00/statefulsets/cache-0-redis", Set.of(0),
                "team-00/services/cache-0-redis", Set.of(0),
                "team-00/statefulsets/cache-0-sentinel", Set.of(0, 2),
                "team-01/services/events-1", Set.of(1),
                "team-09/services/stranger", Set.of(1)),
            APP_OF,
            3);
    assertThat(summary.appsByOneWriter()).isEqualTo(1);
    assertThat(summary.appsBySeveral()).isEqualTo(1);
    assertThat(summary.appsUnwritten()).isEqualTo(1);
    assertThat(summary.appsPerProcess()).isEqualTo(Map.of(1, 1));
    assertThat(summary.sharedObjects())
        .isEqualTo(Map.of("team-00/statefulsets/cache-0-sentinel", Set.of(0, 2)));
    assertThat(summary.foreignObjects()).containsExactly("team-09/services/stranger");
  }

  @Test
  void anAppsWriterIsTheOneProcessThatWroteItsObjects() {
    Map<String, Set<Integer>> writers =
        Map.of(
            "team-00/statefulsets/cache-0-redis", Set.of(1),
            "team-00/services/cache-0-sentinel", Set.of(1),
            "team-01/services/events-1", Set.of(0, 2));
    assertThat(WriterSummary.writerOf(writers, APP_OF, "apps/team-00/cache-0.yaml")).isEqualTo(1);
    assertThat(WriterSummary.writerOf(writers, APP_OF, "apps/team-01/events-1.yaml")).isEqualTo(-1);
    assertThat(WriterSummary.writerOf(writers, APP_OF, "apps/team-02/none.yaml")).isEqualTo(-1);
  }
}
