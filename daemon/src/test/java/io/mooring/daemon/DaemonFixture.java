package io.mooring.daemon;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mooring.core.render.Renderer;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import io.mooring.sandbox.ApplyingMockServer;
import io.mooring.sandbox.FaultProxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A config repository over HTTP, the apply-aware mock API and the daemons started against them,
 * each with its own client as separate replicas would have; {@link #close()} stops all of it,
 * newest first.
 */
public final class DaemonFixture implements AutoCloseable {
  private final Path dir;
  private final ConfigRepository repo;
  private final ApplyingMockServer api;
  private final KubernetesClient kube;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();

  private DaemonFixture(Path dir, ConfigRepository repo, ApplyingMockServer api) {
    this.dir = dir;
    this.repo = repo;
    this.api = api;
    this.kube = api.createClient();
  }

  /**
   * A repository holding the given example files (all of them when none is named) and an empty API.
   */
  public static DaemonFixture create(Path dir, String... examples) throws Exception {
    return new DaemonFixture(
        dir, ConfigRepository.withExamples(dir, examples), new ApplyingMockServer());
  }

  /** A repository holding the given files under {@code apps/} and an empty API. */
  public static DaemonFixture withFiles(Path dir, Map<String, String> files) throws Exception {
    return new DaemonFixture(dir, ConfigRepository.withFiles(dir, files), new ApplyingMockServer());
  }

  public ConfigRepository repo() {
    return repo;
  }

  public ApplyingMockServer api() {
    return api;
  }

  /** The test's own view of the cluster, for reading objects and editing them by hand. */
  public KubernetesClient kube() {
    return kube;
  }

  /** Starts a daemon with the real renderer; {@code name} names its data directory. */
  public Daemon start(String name, UnaryOperator<TestDaemonConfig> settings) {
    return start(
        name, settings, SpecParser.standard(SpecParserOptions.defaults()), Clock.systemUTC());
  }

  /** Starts a daemon with the real renderer, reading specs with {@code parser} on {@code clock}. */
  public Daemon start(
      String name, UnaryOperator<TestDaemonConfig> settings, SpecParser parser, Clock clock) {
    return startWith(api.createClient(), name, settings, parser, clock);
  }

  /**
   * Starts a daemon whose requests to the API pass through {@code proxy}, which fails them as it is
   * told.
   */
  public Daemon startThrough(
      FaultProxy proxy, String name, UnaryOperator<TestDaemonConfig> settings) {
    return startWith(
        proxy.createClient(),
        name,
        settings,
        SpecParser.standard(SpecParserOptions.defaults()),
        Clock.systemUTC());
  }

  private Daemon startWith(
      KubernetesClient client,
      String name,
      UnaryOperator<TestDaemonConfig> settings,
      SpecParser parser,
      Clock clock) {
    started.push(client);
    Daemon daemon =
        Daemon.start(
            settings.apply(TestDaemonConfig.of(repo.url(), dir.resolve(name))).build(),
            client,
            new Renderer(RenderOptions.defaults())::render,
            parser,
            clock);
    started.push(daemon);
    return daemon;
  }

  @Override
  public void close() throws Exception {
    while (!started.isEmpty()) {
      started.pop().close();
    }
    kube.close();
    api.close();
    repo.close();
  }
}
