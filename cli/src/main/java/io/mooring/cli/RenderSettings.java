package io.mooring.cli;

import io.mooring.core.render.common.AppImages;
import io.mooring.core.render.common.ContainerImage;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.ControlCharacters;
import io.mooring.core.spec.KubernetesNames;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * How the apps' objects are rendered on this install: the cluster's DNS domain and the images.
 * Shared by render, diff, sync and serve, which must agree on them: a diff rendered with another
 * domain or image would show changes the daemon never makes. Every command reads these options from
 * {@code MOORING_<OPTION>} and the {@code --config} file too (see {@link Main}).
 */
final class RenderSettings {
  @Option(
      names = "--cluster-domain",
      defaultValue = RenderOptions.DEFAULT_CLUSTER_DOMAIN,
      paramLabel = "DOMAIN",
      description =
          "DNS domain of the cluster, in the pods' stable names (Cozystack: cozy.local) (default: ${DEFAULT-VALUE}).")
  String clusterDomain;

  @Option(
      names = "--redis-image-repository",
      defaultValue = AppImages.REDIS_REPOSITORY,
      paramLabel = "REPOSITORY",
      description = "Repository of the Redis pods' image (default: ${DEFAULT-VALUE}).")
  String redisRepository;

  @Option(
      names = "--redis-image-tag",
      defaultValue = AppImages.REDIS_TAG,
      paramLabel = "TAG",
      description = "Tag (or sha256:... digest) of the Redis image (default: ${DEFAULT-VALUE}).")
  String redisTag;

  @Option(
      names = "--valkey-image-repository",
      defaultValue = AppImages.VALKEY_REPOSITORY,
      paramLabel = "REPOSITORY",
      description =
          "Repository of the image of Valkey apps' pods; it must provide redis-server and redis-cli (default: ${DEFAULT-VALUE}).")
  String valkeyRepository;

  @Option(
      names = "--valkey-image-tag",
      defaultValue = AppImages.VALKEY_TAG,
      paramLabel = "TAG",
      description = "Tag (or sha256:... digest) of the Valkey image (default: ${DEFAULT-VALUE}).")
  String valkeyTag;

  @Option(
      names = "--sentinel-image-repository",
      defaultValue = AppImages.SENTINEL_REPOSITORY,
      paramLabel = "REPOSITORY",
      description =
          "Repository of the Sentinel pods' image, a Redis image (default: ${DEFAULT-VALUE}).")
  String sentinelRepository;

  @Option(
      names = "--sentinel-image-tag",
      defaultValue = AppImages.SENTINEL_TAG,
      paramLabel = "TAG",
      description = "Tag (or sha256:... digest) of the Sentinel image (default: ${DEFAULT-VALUE}).")
  String sentinelTag;

  @Option(
      names = "--exporter-image-repository",
      defaultValue = AppImages.EXPORTER_REPOSITORY,
      paramLabel = "REPOSITORY",
      description = "Repository of the redis_exporter pods' image (default: ${DEFAULT-VALUE}).")
  String exporterRepository;

  @Option(
      names = "--exporter-image-tag",
      defaultValue = AppImages.EXPORTER_TAG,
      paramLabel = "TAG",
      description =
          "Tag (or sha256:... digest) of the redis_exporter image (default: ${DEFAULT-VALUE}).")
  String exporterTag;

  @Option(
      names = "--proxy-image-repository",
      defaultValue = AppImages.PROXY_REPOSITORY,
      paramLabel = "REPOSITORY",
      description =
          "Repository of the image of the HAProxy pods in front of an external Redis's master (default: ${DEFAULT-VALUE}).")
  String proxyRepository;

  @Option(
      names = "--proxy-image-tag",
      defaultValue = AppImages.PROXY_TAG,
      paramLabel = "TAG",
      description = "Tag (or sha256:... digest) of the HAProxy image (default: ${DEFAULT-VALUE}).")
  String proxyTag;

  @Option(
      names = "--nats-image-repository",
      defaultValue = AppImages.NATS_REPOSITORY,
      paramLabel = "REPOSITORY",
      description = "Repository of the NATS pods' image (default: ${DEFAULT-VALUE}).")
  String natsRepository;

  @Option(
      names = "--nats-image-tag",
      defaultValue = AppImages.NATS_TAG,
      paramLabel = "TAG",
      description = "Tag (or sha256:... digest) of the NATS image (default: ${DEFAULT-VALUE}).")
  String natsTag;

  @Option(
      names = "--nats-exporter-image-repository",
      defaultValue = AppImages.NATS_EXPORTER_REPOSITORY,
      paramLabel = "REPOSITORY",
      description =
          "Repository of the NATS pods' prometheus-nats-exporter sidecar (default:"
              + " ${DEFAULT-VALUE}).")
  String natsExporterRepository;

  @Option(
      names = "--nats-exporter-image-tag",
      defaultValue = AppImages.NATS_EXPORTER_TAG,
      paramLabel = "TAG",
      description =
          "Tag (or sha256:... digest) of the NATS exporter image (default: ${DEFAULT-VALUE}).")
  String natsExporterTag;

  @Option(
      names = "--image-pull-secrets",
      split = ",",
      paramLabel = "SECRET",
      description =
          "Secrets (in each app's namespace) every rendered pod pulls its images with, comma-separated (default: none).")
  List<String> imagePullSecrets;

  /** The long names of these options, e.g. {@code --cluster-domain}. */
  static Set<String> optionNames() {
    return CommandLine.Model.CommandSpec.forAnnotatedObject(new RenderSettings()).options().stream()
        .map(CommandLine.Model.OptionSpec::longestName)
        .collect(Collectors.toSet());
  }

  /** The options, checked; a malformed value is a usage error naming its option. */
  RenderOptions renderOptions(CommandLine commandLine) {
    checkName(
        commandLine,
        "--cluster-domain",
        clusterDomain,
        KubernetesNames.checkSubdomain(clusterDomain));
    List<String> secrets =
        imagePullSecrets == null
            ? List.of()
            : imagePullSecrets.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    secrets.forEach(
        secret ->
            checkName(
                commandLine,
                "--image-pull-secrets",
                secret,
                KubernetesNames.checkSubdomain(secret)));
    AppImages images =
        new AppImages(
            image(commandLine, "redis", redisRepository, redisTag),
            image(commandLine, "valkey", valkeyRepository, valkeyTag),
            image(commandLine, "sentinel", sentinelRepository, sentinelTag),
            image(commandLine, "exporter", exporterRepository, exporterTag),
            image(commandLine, "proxy", proxyRepository, proxyTag),
            image(commandLine, "nats", natsRepository, natsTag),
            image(commandLine, "nats-exporter", natsExporterRepository, natsExporterTag),
            secrets);
    return RenderOptions.defaults().withImages(images).withClusterDomain(clusterDomain);
  }

  private static ContainerImage image(
      CommandLine commandLine, String component, String repository, String tag) {
    String option = "--" + component + "-image-";
    check(commandLine, option + "repository", ContainerImage.checkRepository(repository));
    check(commandLine, option + "tag", ContainerImage.checkTag(tag));
    return new ContainerImage(repository, tag);
  }

  /** A name check's problem, with the operator's own value shown (escaped) after it. */
  private static void check(CommandLine commandLine, String option, Optional<String> problem) {
    if (problem.isPresent()) {
      throw new CommandLine.ParameterException(commandLine, option + " " + problem.get());
    }
  }

  private static void checkName(
      CommandLine commandLine, String option, String value, Optional<String> problem) {
    if (problem.isPresent()) {
      throw new CommandLine.ParameterException(
          commandLine,
          option + " " + problem.get() + ", got \"" + ControlCharacters.escape(value) + "\"");
    }
  }
}
