package io.mooring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.daemon.DaemonConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The cluster domain and the images reach what render, diff, sync and serve produce, from a flag,
 * from MOORING_* or from the --config file.
 */
class RenderSettingsTest {
  private static final String EXAMPLES = Path.of("..", "examples").toString();
  private static final String MIRROR = "mirror.example.com:5000/hub/";

  @TempDir Path dir;
  @RegisterExtension final SandboxCluster cluster = new SandboxCluster();

  @Test
  void renderUsesTheDomainEveryImageAndThePullSecretsGivenAsFlags() {
    CliRun run =
        CliRun.of(
            "render",
            "-o",
            "json",
            "--cluster-domain",
            "cozy.local",
            "--redis-image-repository",
            MIRROR + "redis",
            "--redis-image-tag",
            "7.2.5-r1",
            "--sentinel-image-repository",
            MIRROR + "sentinel",
            "--exporter-image-repository",
            MIRROR + "redis_exporter",
            "--proxy-image-repository",
            MIRROR + "haproxy",
            "--nats-image-repository",
            MIRROR + "nats",
            "--nats-image-tag",
            "2.10.18-r5",
            "--nats-exporter-image-repository",
            MIRROR + "prometheus-nats-exporter",
            "--image-pull-secrets",
            "mirror-pull,backup-pull",
            EXAMPLES);

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<HasMetadata> items = RenderCommandTest.items(run.out());
    assertThat(run.out()).doesNotContain("cluster.local").contains(".svc.cozy.local");
    assertThat(images(items))
        .containsExactlyInAnyOrder(
            MIRROR + "redis:7.2.5-r1",
            MIRROR + "sentinel:7.2.5-alpine",
            MIRROR + "redis_exporter:v1.62.0",
            MIRROR + "haproxy:2.9.10-alpine",
            MIRROR + "nats:2.10.18-r5",
            MIRROR + "prometheus-nats-exporter:0.15.0");
    assertThat(podSpecs(items))
        .hasSizeGreaterThan(20)
        .allSatisfy(
            pod ->
                assertThat(pod.getImagePullSecrets())
                    .extracting(LocalObjectReference::getName)
                    .containsExactly("mirror-pull", "backup-pull"));
  }

  @Test
  void withoutSettingsRenderIsAsBefore() {
    List<HasMetadata> items =
        RenderCommandTest.items(CliRun.of("render", "-o", "json", EXAMPLES).out());

    assertThat(images(items))
        .containsExactlyInAnyOrder(
            "redis:7.2.5-alpine",
            "oliver006/redis_exporter:v1.62.0",
            "haproxy:2.9.10-alpine",
            "nats:2.10.18-alpine",
            "natsio/prometheus-nats-exporter:0.15.0");
    assertThat(podSpecs(items)).allSatisfy(pod -> assertThat(pod.getImagePullSecrets()).isEmpty());
    assertThat(Serialization.asJson(items))
        .doesNotContain("cozy.local")
        .contains("svc.cluster.local");
  }

  @Test
  void oneShotCommandsReadTheRenderSettingsFromTheEnvironmentAndTheConfigFileOnly()
      throws IOException {
    Path config = dir.resolve("mooring.yaml");
    Files.writeString(
        config,
        """
        cluster-domain: cozy.local
        image-pull-secrets: [mirror-pull, backup-pull]
        nats-image-tag: from-file
        """);
    Map<String, String> environment =
        Map.of(
            "MOORING_NATS_IMAGE_TAG", "from-env",
            "MOORING_REDIS_IMAGE_REPOSITORY", MIRROR + "redis",
            // Not a render setting: a one-shot command takes it from its flag alone.
            "MOORING_DEFAULT_NAMESPACE", "from-env");

    Output out = run(environment, "render", "-o", "json", "--config", config.toString(), EXAMPLES);

    assertThat(out.exitCode()).as(out.err()).isZero();
    List<HasMetadata> items = RenderCommandTest.items(out.out());
    assertThat(out.out()).doesNotContain("cluster.local").contains(".svc.cozy.local");
    assertThat(images(items))
        .contains(MIRROR + "redis:7.2.5-alpine", "nats:from-env")
        .doesNotContain("nats:from-file");
    assertThat(podSpecs(items))
        .allSatisfy(
            pod ->
                assertThat(pod.getImagePullSecrets())
                    .extracting(LocalObjectReference::getName)
                    .containsExactly("mirror-pull", "backup-pull"));
    assertThat(items)
        .extracting(item -> item.getMetadata().getNamespace())
        .doesNotContain("from-env");

    Output flagWins =
        run(environment, "render", "-o", "json", "--nats-image-tag", "from-flag", EXAMPLES);
    assertThat(images(RenderCommandTest.items(flagWins.out()))).contains("nats:from-flag");
  }

  @Test
  void serveHandsTheSettingsToTheDaemon() throws IOException {
    Path config = dir.resolve("mooring.yaml");
    Files.writeString(
        config, "repo: https://git.example.com/config.git\ncluster-domain: cozy.local\n");

    DaemonConfig daemon =
        serveConfig(
            Map.of("MOORING_PROXY_IMAGE_REPOSITORY", MIRROR + "haproxy"),
            "serve",
            "--config",
            config.toString(),
            "--image-pull-secrets",
            "mirror-pull");

    RenderOptions render = daemon.renderOptions();
    assertThat(render.clusterDomain()).isEqualTo("cozy.local");
    assertThat(render.images().proxy().reference()).isEqualTo(MIRROR + "haproxy:2.9.10-alpine");
    assertThat(render.images().redis().reference()).isEqualTo("redis:7.2.5-alpine");
    assertThat(render.images().pullSecrets()).containsExactly("mirror-pull");
    assertThat(daemon.toString()).contains("clusterDomain=cozy.local");
  }

  @Test
  void malformedSettingsAreUsageErrorsNamingTheOption() {
    CliRun domain = CliRun.of("render", "--cluster-domain", "cozy.local.", EXAMPLES);
    CliRun tag = CliRun.of("render", "--redis-image-tag", "7.2 alpine", EXAMPLES);
    CliRun repository = CliRun.of("diff", "--nats-image-repository", "nats:2.10", EXAMPLES);
    CliRun secret = CliRun.of("sync", "--image-pull-secrets", "ok,Not_OK", EXAMPLES);

    assertThat(List.of(domain, tag, repository, secret))
        .allSatisfy(run -> assertThat(run.exitCode()).isEqualTo(2));
    assertThat(domain.err()).contains("--cluster-domain must be a DNS-1123 subdomain");
    assertThat(tag.err()).contains("--redis-image-tag must be an image tag", "\"7.2 alpine\"");
    assertThat(repository.err()).contains("--nats-image-repository must be an image repository");
    assertThat(secret.err())
        .contains("--image-pull-secrets must be a DNS-1123 subdomain", "Not_OK");
    assertThat(cluster.server.writes()).isZero();
  }

  @Test
  void diffAndSyncRenderWithTheClusterDomain() throws IOException {
    CliRun sync =
        cluster.cli(
            "sync", "--kubeconfig", cluster.kubeconfig, "--cluster-domain", "cozy.local", EXAMPLES);
    assertThat(sync.exitCode()).as(sync.out() + sync.err()).isEqualTo(SyncCommand.SUCCESS);
    String headless =
        cluster
            .client
            .configMaps()
            .inNamespace("default")
            .withName("cache-redis-config")
            .get()
            .getData()
            .get("start.sh");
    assertThat(headless).contains("HEADLESS_DOMAIN='cache-redis-headless.default.svc.cozy.local'");
    Path config = dir.resolve("mooring.yaml");
    Files.writeString(config, "cluster-domain: cozy.local\n");

    CliRun sameDomain =
        cluster.cli(
            "diff", "--kubeconfig", cluster.kubeconfig, "--config", config.toString(), EXAMPLES);
    CliRun defaultDomain = cluster.cli("diff", "--kubeconfig", cluster.kubeconfig, EXAMPLES);

    assertThat(sameDomain.exitCode()).as(sameDomain.out()).isEqualTo(DiffCommand.NO_DIFFERENCE);
    assertThat(defaultDomain.exitCode()).isEqualTo(DiffCommand.DIFFERENCES);
    assertThat(defaultDomain.out())
        .contains("  ~ update ConfigMap default/cache-redis-config")
        .contains("cozy.local");
  }

  private static List<PodSpec> podSpecs(List<HasMetadata> items) {
    return items.stream()
        .map(
            item ->
                item instanceof StatefulSet set
                    ? set.getSpec().getTemplate().getSpec()
                    : item instanceof Deployment deployment
                        ? deployment.getSpec().getTemplate().getSpec()
                        : null)
        .filter(java.util.Objects::nonNull)
        .toList();
  }

  private static SortedSet<String> images(List<HasMetadata> items) {
    TreeSet<String> images = new TreeSet<>();
    podSpecs(items)
        .forEach(
            pod -> {
              pod.getInitContainers().forEach(c -> images.add(c.getImage()));
              pod.getContainers().forEach(c -> images.add(c.getImage()));
            });
    return images;
  }

  private record Output(int exitCode, String out, String err) {}

  private static Output run(Map<String, String> environment, String... args) {
    CommandLine commandLine = Main.commandLine(environment, args);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Output(exitCode, out.toString(), err.toString());
  }

  private static DaemonConfig serveConfig(Map<String, String> environment, String... args) {
    CommandLine commandLine = Main.commandLine(environment, args);
    CommandLine.ParseResult parsed = commandLine.parseArgs(args);
    ServeCommand serve = (ServeCommand) parsed.subcommand().commandSpec().userObject();
    return serve.toConfig();
  }
}
