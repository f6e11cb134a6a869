package io.mooring.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mooring.core.render.Renderer;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.daemon.Daemon;
import io.mooring.daemon.DaemonConfig;
import io.mooring.webhook.WebhookSecret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The real daemon in this JVM, configured as {@code mooring serve} would be, and read through its
 * metrics.
 */
public final class BenchDaemon implements AutoCloseable {
  public static final String BRANCH = "main";
  static final byte[] SECRET = "bench-webhook-secret".getBytes(StandardCharsets.UTF_8);

  private final Daemon daemon;
  private final KubernetesClient client;
  private final String repoUrl;

  private BenchDaemon(Daemon daemon, KubernetesClient client, String repoUrl) {
    this.daemon = daemon;
    this.client = client;
    this.repoUrl = repoUrl;
  }

  /**
   * Starts in apply mode with timers far away, so that only the benchmark's triggers cause syncs.
   */
  public static BenchDaemon start(KubernetesClient client, String repoUrl, Path dataDir)
      throws Exception {
    return start(client, repoUrl, config(repoUrl, dataDir, Duration.ofHours(1), null));
  }

  /**
   * A replica among several: it writes only while it holds the Lease of {@code lease} duration, and
   * re-diffs every app each {@code resync}.
   */
  public static BenchDaemon replica(
      KubernetesClient client, String repoUrl, Path dataDir, Duration resync, Duration lease)
      throws Exception {
    return start(client, repoUrl, config(repoUrl, dataDir, resync, lease));
  }

  private static BenchDaemon start(KubernetesClient client, String repoUrl, DaemonConfig config) {
    Daemon daemon =
        Daemon.start(
            config, client, new Renderer(config.renderOptions())::render, Clock.systemUTC());
    return new BenchDaemon(daemon, client, repoUrl);
  }

  /** {@code lease} null: no leader election, as a single replica runs. */
  private static DaemonConfig config(
      String repoUrl, Path dataDir, Duration resync, Duration lease) {
    return new DaemonConfig(
        repoUrl,
        BRANCH,
        "apps",
        null,
        null,
        null,
        false,
        WebhookSecret.of(SECRET),
        WebhookSecret.NONE,
        Duration.ofHours(1),
        resync,
        DaemonConfig.Mode.APPLY,
        true,
        List.of(),
        null,
        null,
        "127.0.0.1",
        0,
        dataDir,
        lease != null,
        "default",
        lease == null ? Duration.ofSeconds(15) : lease,
        false,
        null,
        1024 * 1024,
        RenderOptions.defaults(),
        io.mooring.daemon.LeaderGate.DEFAULT_LEASE_NAME,
        DaemonConfig.WEBHOOKS_ON_HTTP_PORT,
        io.mooring.daemon.GitApiConfig.OFF,
        1);
  }

  public Daemon daemon() {
    return daemon;
  }

  public WebhookSender webhooks() {
    return new WebhookSender(daemon.port(), SECRET, repoUrl, BRANCH);
  }

  public PrometheusMeterRegistry registry() {
    return daemon.registry();
  }

  /**
   * Completed pushes as the daemon counted them ({@code mooring_push_to_applied_seconds_count}).
   */
  public long pushesApplied() {
    Timer timer = registry().find("mooring.push.to.applied").timer();
    return timer == null ? 0 : timer.count();
  }

  public double pushSecondsTotal() {
    Timer timer = registry().find("mooring.push.to.applied").timer();
    return timer == null ? 0 : timer.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) / 1e9;
  }

  /** Apps reconciled for this trigger so far, whatever their result. */
  public long reconciled(String trigger) {
    return registry().find("mooring.reconcile.duration").tag("trigger", trigger).timers().stream()
        .mapToLong(Timer::count)
        .sum();
  }

  /** Apps reconciled by any trigger, drift re-diffs included. */
  public long reconciledAll() {
    return registry().find("mooring.reconcile.duration").timers().stream()
        .mapToLong(Timer::count)
        .sum();
  }

  public long fetches() {
    return registry().find("mooring.git.fetch.duration").timers().stream()
        .mapToLong(Timer::count)
        .sum();
  }

  public double fetchSecondsTotal() {
    return registry().find("mooring.git.fetch.duration").timers().stream()
        .mapToDouble(timer -> timer.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) / 1e9)
        .sum();
  }

  /** The app's {@code mooring_drifted_objects} gauge, or -1 before the app was first reconciled. */
  public double driftedObjects(BenchApp app) {
    Gauge gauge =
        registry()
            .find("mooring.drifted.objects")
            .tag("app_namespace", app.namespace())
            .tag("app", app.name())
            .gauge();
    return gauge == null ? -1 : gauge.value();
  }

  @Override
  public void close() {
    daemon.close();
    client.close();
  }
}
