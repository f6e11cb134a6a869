package io.mooring.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mooring.daemon.ConfigRepository;
import io.mooring.daemon.Daemon;
import io.mooring.daemon.DaemonClient;
import io.mooring.daemon.DaemonFixture;
import io.mooring.daemon.TestDaemonConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes the real daemon serving the project's {@code examples/apps} on the
 * sandbox API, and answers every query of the dashboard and of the alert rules. The daemon is
 * walked through the states the alerts watch for where that is cheap: an invalid spec, every spec
 * removed (the prune is held back by the mass-prune guard, so the apps stay drifted) and a git
 * remote that went away.
 */
class LivePrometheusDaemonIT {
  /**
   * Alerts whose condition this test creates; the others need time (15 minutes of drift), a second
   * replica or a bug in Mooring.
   */
  private static final Set<String> ALERTS_RAISED =
      Set.of("MooringInvalidSpecs", "MooringPruneBlocked", "MooringGitSyncFailing");

  /**
   * Alerts on series that only apps with backups have, which the sandbox cannot list (it runs no
   * pods to exec into); BackupAlertIT raises it on real Prometheus.
   */
  private static final Set<String> NEEDS_BACKUPS = Set.of("MooringBackupMissing");

  private static final String INVALID_SPEC =
      """
      apiVersion: apps.cozystack.io/v1alpha1
      kind: Redis
      metadata:
        name: broken
        namespace: default
      spec:
        replicas: -2
      """;

  @TempDir static Path dir;
  private static DaemonFixture fixture;
  private static LivePrometheus prometheus;

  /** The commit pushed to change the cache app, the last one it was applied at. */
  private static String pushed;

  @BeforeAll
  static void scrapeADaemonInTrouble() throws Exception {
    List<String> examples = ConfigRepository.allExamples();
    fixture = DaemonFixture.create(dir);
    ConfigRepository repo = fixture.repo();
    Daemon daemon = fixture.start("data", config -> config);
    DaemonClient http = new DaemonClient(daemon.port());
    prometheus =
        LivePrometheus.scraping(
            "127.0.0.1:" + daemon.port(),
            java.nio.file.Files.createDirectories(dir.resolve("prometheus")));
    await("the examples synced").atMost(Duration.ofSeconds(90)).until(daemon::ready);
    int exampleApps = daemon.apps().size();
    assertThat(exampleApps).isGreaterThan(5);
    // Prometheus has seen the counters at 0 before anything drifts.
    prometheus.awaitScrapes(2, Duration.ofSeconds(60));

    // A hand edit in apply mode: healed in moments, long before a 30 s scrape would see a gauge.
    fixture
        .kube()
        .apps()
        .statefulSets()
        .inNamespace("default")
        .withName("cache-redis")
        .edit(
            set -> {
              set.getSpec().setReplicas(1);
              return set;
            });
    await("the hand edit healed")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                http.metricOrZero("mooring_app_drift_healed_total", "app=\"cache\"") == 1
                    && cacheReplicas() == 3);

    pushed =
        repo.commit(
            "default/redis-replicated.yaml",
            ConfigRepository.example("default/redis-replicated.yaml")
                .replace("replicas: 3", "replicas: 4"),
            "4 cache replicas");
    assertThat(
            http.githubPush(
                    repo.url(), "refs/heads/main", pushed, false, TestDaemonConfig.GITHUB_SECRET)
                .statusCode())
        .isEqualTo(202);
    await("the push applied")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                http.metricOrZero(
                        "mooring_app_revision_info", "app=\"cache\"", "revision=\"" + pushed)
                    == 1);

    // A broken file holds every prune (README), so the mass-prune guard is shown first, then the
    // broken file, whose invalid result keeps the prune hold it did not re-plan.
    String removal = repo.delete(examples, "Remove every example");
    assertThat(
            http.githubPush(
                    repo.url(), "refs/heads/main", removal, false, TestDaemonConfig.GITHUB_SECRET)
                .statusCode())
        .isEqualTo(202);
    await("the mass-prune guard holds the prunes")
        .atMost(Duration.ofSeconds(60))
        .until(() -> http.metricOrZero("mooring_prune_blocked", "app=\"cache\"") == 1);
    String broken = repo.commit("default/broken.yaml", INVALID_SPEC, "A spec with an error");
    assertThat(
            http.githubPush(
                    repo.url(), "refs/heads/main", broken, false, TestDaemonConfig.GITHUB_SECRET)
                .statusCode())
        .isEqualTo(202);
    await("the invalid spec reported, the prunes still held")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                http.metricOrZero("mooring_invalid_specs") == 1
                    && http.metricOrZero("mooring_prune_blocked", "app=\"cache\"") == 1);

    assertThat(
            fixture
                .kube()
                .apps()
                .statefulSets()
                .inNamespace("default")
                .withName("cache-redis")
                .get())
        .as("objects of held-back prunes are kept")
        .isNotNull();

    String url = repo.url();
    repo.stopServing();
    assertThat(
            http.githubPush(url, "refs/heads/main", broken, false, TestDaemonConfig.GITHUB_SECRET)
                .statusCode())
        .isEqualTo(202);
    await("the fetch failed")
        .atMost(Duration.ofSeconds(30))
        .until(() -> http.metricOrZero("mooring_git_consecutive_failures") >= 1);
    Instant lastChange = Instant.now();
    prometheus.awaitScrapes(5, Duration.ofSeconds(60));
    // Rates need two samples after the last change, and the alerts an evaluation of the second.
    prometheus.awaitScrapesAndEvaluationAfter(lastChange, 2, Duration.ofSeconds(60));
  }

  private static int cacheReplicas() {
    var set =
        fixture.kube().apps().statefulSets().inNamespace("default").withName("cache-redis").get();
    return set == null ? -1 : set.getSpec().getReplicas();
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  /** The dashboard's expressions that return no data now. */
  private static List<String> withoutData() {
    List<String> empty = new ArrayList<>();
    for (PromExpression expression : PromExpressions.fromDashboard(ChartFiles.dashboard())) {
      String query = expression.forPrometheus();
      if (prometheus.query(query).isEmpty()
          && (!query.contains(" > 0") || prometheus.query(query.replace(" > 0", "")).isEmpty())) {
        empty.add(expression.origin() + ": " + query);
      }
    }
    return empty;
  }

  /**
   * Every query returns data, but a {@code > 0} filter may hide all of it when nothing is above 0
   * (the held-back apps drift by whole objects, so no field drifts here): then the same query
   * without the filter must return data, which proves the series exist and only the filter hid
   * them.
   */
  @Test
  void everyDashboardExpressionReturnsDataForTheExampleApps() {
    // A rate needs two samples of its series in the window: a scrape that a loaded machine lets
    // time out leaves one, until the next. So each query is asked again until it has data, and one
    // that never gets any within a minute (twenty scrapes) fails.
    await("every dashboard expression returns data")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> assertThat(withoutData()).as("dashboard expressions without data").isEmpty());
    assertThat(prometheus.query("mooring_app_status{app_namespace=\"tenant-y\",app=\"bus\"}"))
        .as("an example app")
        .isNotEmpty();
  }

  @Test
  void alertsWhoseConditionHoldsReturnDataAndTheOthersReadExistingSeries() {
    List<String> problems = new ArrayList<>();
    for (PromExpression alert : PromExpressions.fromRules(ChartFiles.alertRules())) {
      String name = alert.origin().replaceFirst("^alert ", "");
      if (ALERTS_RAISED.contains(name)) {
        if (prometheus.query(alert.forPrometheus()).isEmpty()) {
          problems.add(name + " returns nothing although its condition holds: " + alert.expr());
        }
      } else if (!NEEDS_BACKUPS.contains(name)) {
        for (String metric : alert.metricNames()) {
          if (prometheus.query(metric).isEmpty()) {
            problems.add(name + " reads " + metric + ", which has no series");
          }
        }
      }
    }

    assertThat(problems).isEmpty();
    assertThat(prometheus.query("mooring_leader == 1")).as("mooring_leader").isNotEmpty();
  }

  @Test
  void prometheusLoadsTheRulesAndTheRaisedAlertsArePending() {
    List<JsonNode> rules = new ArrayList<>();
    prometheus.ruleGroups().forEach(group -> group.path("rules").forEach(rules::add));

    assertThat(rules).hasSize(8);
    assertThat(rules)
        .allSatisfy(
            rule -> assertThat(rule.path("health").asText()).as(rule.toString()).isEqualTo("ok"));
    Set<String> active = new LinkedHashSet<>();
    prometheus
        .query("ALERTS")
        .forEach(alert -> active.add(alert.path("metric").path("alertname").asText()));
    assertThat(active).as("alerts pending or firing").containsAll(ALERTS_RAISED);
  }

  @Test
  void theDriftTableShowsWhenEachHeldBackAppDiverged() {
    JsonNode since =
        prometheus.query(
            "max by (kind, app_namespace, app) (mooring_app_drift_since_timestamp_seconds > 0)");

    List<String> apps = new ArrayList<>();
    since.forEach(
        sample ->
            apps.add(
                sample.path("metric").path("app_namespace").asText()
                    + "/"
                    + sample.path("metric").path("app").asText()));
    assertThat(apps).contains("default/cache", "tenant-x/nats", "tenant-y/bus");
    since.forEach(
        sample ->
            assertThat(sample.path("value").get(1).asDouble())
                .as("a Unix time of this test run")
                .isGreaterThan(Clock.systemUTC().millis() / 1000.0 - 600));
  }

  @Test
  void aHandEditHealedBetweenScrapesShowsInTheDriftCountersAndTheDashboard() {
    String cache = "{app=\"cache\",app_namespace=\"default\",kind=\"redis\"}";
    assertThat(value(prometheus.query("mooring_app_drift_detected_total" + cache))).isEqualTo(1);
    assertThat(value(prometheus.query("mooring_app_drift_healed_total" + cache))).isEqualTo(1);

    JsonNode perApp = prometheus.query(dashboardQuery("Drift detected and healed", "B"));
    assertThat(apps(perApp)).as("the dashboard's heal series").contains("default/cache");
    JsonNode healCount = prometheus.query(dashboardQuery("Each app", "F"));
    assertThat(healCount)
        .anySatisfy(
            sample -> {
              assertThat(sample.path("metric").path("app").asText()).isEqualTo("cache");
              assertThat(sample.path("value").get(1).asDouble()).isEqualTo(1);
            });
    JsonNode fields = prometheus.query(dashboardQuery("Fields changed by hand", "A"));
    assertThat(fields)
        .anySatisfy(
            sample -> {
              assertThat(sample.path("metric").path("resource").asText()).isEqualTo("statefulset");
              assertThat(sample.path("metric").path("field").asText()).isEqualTo("spec.replicas");
            });
  }

  @Test
  void theRevisionSeriesNamesThePushedCommit() {
    JsonNode revision = prometheus.query(dashboardQuery("Each app", "B"));

    assertThat(revision)
        .filteredOn(sample -> sample.path("metric").path("app").asText().equals("cache"))
        .singleElement()
        .satisfies(
            sample ->
                assertThat(sample.path("metric").path("revision").asText()).isEqualTo(pushed));
    assertThat(prometheus.query(dashboardQuery("Each app", "C"))).as("last applied").isNotEmpty();
  }

  /** The dashboard's query {@code refId} of panel {@code title}, as Grafana sends it. */
  private static String dashboardQuery(String title, String refId) {
    return PromExpressions.fromDashboard(ChartFiles.dashboard()).stream()
        .filter(e -> e.origin().equals("dashboard panel \"" + title + "\" query " + refId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no query " + refId + " in panel " + title))
        .forPrometheus();
  }

  private static double value(JsonNode result) {
    assertThat(result).hasSize(1);
    return result.get(0).path("value").get(1).asDouble();
  }

  private static List<String> apps(JsonNode result) {
    List<String> apps = new ArrayList<>();
    result.forEach(
        sample ->
            apps.add(
                sample.path("metric").path("app_namespace").asText()
                    + "/"
                    + sample.path("metric").path("app").asText()));
    return apps;
  }
}
