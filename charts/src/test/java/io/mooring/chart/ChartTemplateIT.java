package io.mooring.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.mooring.daemon.Daemon;
import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ChartTemplateIT {
  private static final Manifests DEFAULTS = Manifests.parse(HelmChart.template());
  private static final Manifests ALL_FEATURES =
      Manifests.parse(
          HelmChart.template(ChartFiles.ciValues("all-features-values.yaml"), Map.of()));

  @Test
  void defaultValuesRenderTheCoreObjectsAndNothingSecret() {
    assertThat(DEFAULTS.all())
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "ServiceAccount/mooring",
            "ClusterRole/mooring",
            "ClusterRoleBinding/mooring",
            "Service/mooring-webhook",
            "Service/mooring-metrics",
            "Deployment/mooring",
            "ConfigMap/mooring-dashboard");
  }

  @Test
  void everyOptionalFeatureRendersIntoParseableObjects() {
    assertThat(ALL_FEATURES.all())
        .extracting(HasMetadata::getKind)
        .contains("Ingress", "ServiceMonitor", "PrometheusRule", "Role", "RoleBinding")
        .doesNotContain("Secret", "ClusterRole");
    assertThat(ALL_FEATURES.ofKind("ServiceMonitor").get(0))
        .isInstanceOf(GenericKubernetesResource.class);
    Container container =
        ALL_FEATURES
            .single(Deployment.class)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(container.getImage())
        .isEqualTo(
            "ghcr.io/mooring/mooring@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    assertThat(container.getArgs()).containsExactly("serve", "--context=prod");
  }

  @Test
  void deploymentIsHardened() {
    PodSpec pod = DEFAULTS.single(Deployment.class).getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getArgs()).containsExactly("serve");
    assertThat(env(container)).containsEntry("MOORING_DATA_DIR", "/var/lib/mooring");
    Map<String, Volume> volumes = volumes(pod);
    assertThat(volumes.get("data").getEmptyDir()).isNotNull();
    assertThat(volumes.get("tmp").getEmptyDir())
        .as("scratch space on a read-only root")
        .isNotNull();
  }

  @Test
  void sigtermLeavesTheDaemonTimeToFinishTheAppUnderWayAndReleaseItsLease() {
    PodSpec pod = DEFAULTS.single(Deployment.class).getSpec().getTemplate().getSpec();

    assertThat(pod.getTerminationGracePeriodSeconds())
        .isGreaterThan(Daemon.SHUTDOWN_BOUND.toSeconds());
    assertThatThrownBy(
            () ->
                HelmChart.template(
                    null,
                    Map.of(
                        "terminationGracePeriodSeconds", Daemon.SHUTDOWN_BOUND.toSeconds() - 15)))
        .hasMessageContaining("terminationGracePeriodSeconds");
  }

  @Test
  void oneReplicaWithoutElectionIsReplacedNeverRunTwice() {
    Deployment deployment = DEFAULTS.single(Deployment.class);

    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(env(deployment.getSpec().getTemplate().getSpec().getContainers().get(0)))
        .containsEntry("MOORING_LEADER_ELECTION", "false");
    assertThat(DEFAULTS.ofKind("Role")).isEmpty();
  }

  @Test
  void moreThanOneReplicaTurnsLeaderElectionOn() {
    Manifests manifests = Manifests.parse(HelmChart.template(null, Map.of("replicaCount", 3)));
    Deployment deployment = manifests.single(Deployment.class);
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(env(container))
        .containsEntry("MOORING_LEADER_ELECTION", "true")
        .containsEntry("MOORING_LEASE_NAMESPACE", HelmChart.NAMESPACE);
    assertThat(container.getEnv())
        .filteredOn(e -> e.getName().equals("POD_NAMESPACE"))
        .extracting(e -> e.getValueFrom().getFieldRef().getFieldPath())
        .containsExactly("metadata.namespace");
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(manifests.named("Role", "mooring-leader-election")).isPresent();
  }

  @Test
  void sharingOneVolumeBetweenReplicasIsRefusedWithAReason() {
    assertThatThrownBy(
            () -> HelmChart.template(null, Map.of("replicaCount", 2, "persistence.enabled", true)))
        .hasMessageContaining("every replica needs its own git mirror");
  }

  @Test
  void persistenceKeepsTheMirrorOnAClaim() {
    Manifests manifests =
        Manifests.parse(
            HelmChart.template(ChartFiles.ciValues("persistence-values.yaml"), Map.of()));

    assertThat(manifests.named("PersistentVolumeClaim", "mooring-data")).isPresent();
    PodSpec pod = manifests.single(Deployment.class).getSpec().getTemplate().getSpec();
    assertThat(volumes(pod).get("data").getPersistentVolumeClaim().getClaimName())
        .isEqualTo("mooring-data");
  }

  @Test
  void credentialsAreMountedFromTheUsersSecretsAsFiles() {
    PodSpec pod = ALL_FEATURES.single(Deployment.class).getSpec().getTemplate().getSpec();
    Map<String, String> env = env(pod.getContainers().get(0));
    Map<String, Volume> volumes = volumes(pod);

    assertThat(volumes.get("git-credentials").getSecret().getSecretName()).isEqualTo("mooring-git");
    assertThat(volumes.get("git-credentials").getSecret().getItems())
        .extracting(item -> item.getKey() + " -> " + item.getPath())
        .containsExactly(
            "token -> token", "ssh-privatekey -> ssh-privatekey", "known_hosts -> known_hosts");
    assertThat(volumes.get("webhook-secrets").getSecret().getSecretName())
        .isEqualTo("mooring-webhooks");
    assertThat(env)
        .containsEntry("MOORING_GIT_TOKEN_FILE", "/etc/mooring/git/token")
        .containsEntry("MOORING_GIT_SSH_KEY_FILE", "/etc/mooring/git/ssh-privatekey")
        .containsEntry("MOORING_GIT_KNOWN_HOSTS_FILE", "/etc/mooring/git/known_hosts")
        .containsEntry("MOORING_GITHUB_SECRET_FILE", "/etc/mooring/webhooks/github-secret")
        .containsEntry("MOORING_GITLAB_TOKEN_FILE", "/etc/mooring/webhooks/gitlab-token")
        .doesNotContainKeys("MOORING_GITHUB_SECRET", "MOORING_GITLAB_TOKEN");
    assertThat(env).containsEntry("MOORING_NAMESPACES", "team-a,team-b");
  }

  @Test
  void byDefaultTheAppsAreRenderedForClusterLocalWithMooringsOwnImages() {
    Map<String, String> env =
        env(
            DEFAULTS
                .single(Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0));

    assertThat(env).containsEntry("MOORING_CLUSTER_DOMAIN", "cluster.local");
    assertThat(env.keySet())
        .noneMatch(name -> name.contains("_IMAGE_"))
        .doesNotContain("MOORING_IMAGE_PULL_SECRETS");
  }

  @Test
  void theAppsClusterDomainImagesAndPullSecretsReachTheDaemon() {
    Map<String, String> env =
        env(
            ALL_FEATURES
                .single(Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0));

    assertThat(env)
        .containsEntry("MOORING_CLUSTER_DOMAIN", "cozy.local")
        .containsEntry("MOORING_REDIS_IMAGE_REPOSITORY", "registry.acme.example:5000/hub/redis")
        .containsEntry("MOORING_REDIS_IMAGE_TAG", "7.2.5-alpine")
        .containsEntry("MOORING_SENTINEL_IMAGE_REPOSITORY", "registry.acme.example:5000/hub/redis")
        .containsEntry("MOORING_EXPORTER_IMAGE_TAG", "v1.62.0")
        .containsEntry("MOORING_PROXY_IMAGE_REPOSITORY", "registry.acme.example:5000/hub/haproxy")
        .containsEntry(
            "MOORING_NATS_IMAGE_TAG",
            "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
        .containsEntry("MOORING_IMAGE_PULL_SECRETS", "acme-mirror,acme-backup");
    assertThat(env.keySet())
        .as("unset values keep the daemon's defaults")
        .doesNotContain(
            "MOORING_SENTINEL_IMAGE_TAG",
            "MOORING_EXPORTER_IMAGE_REPOSITORY",
            "MOORING_PROXY_IMAGE_TAG",
            "MOORING_NATS_IMAGE_REPOSITORY");
  }

  @Test
  void malformedAppSettingsAreRefusedByTheSchema() {
    assertThatThrownBy(() -> HelmChart.template(null, Map.of("apps.clusterDomain", "Cozy_Local")))
        .hasMessageContaining("clusterDomain");
    assertThatThrownBy(
            () -> HelmChart.template(null, Map.of("apps.images.redis.tag", "7.2 alpine")))
        .hasMessageContaining("tag");
    assertThatThrownBy(
            () -> HelmChart.template(null, Map.of("apps.images.nats.repository", "nats:2.10")))
        .hasMessageContaining("repository");
    assertThatThrownBy(() -> HelmChart.template(null, Map.of("apps.images.valkey.tag", "8 alpine")))
        .hasMessageContaining("valkey");
  }

  @Test
  void aCredentialKeyWithoutItsSecretIsRefused() {
    assertThatThrownBy(() -> HelmChart.template(null, Map.of("webhooks.githubSecretKey", "github")))
        .hasMessageContaining("webhooks: set existingSecret");
  }

  @Test
  void ingressPublishesOnlyTheWebhookPaths() {
    Ingress ingress = ALL_FEATURES.single(Ingress.class);
    IngressRule rule = ingress.getSpec().getRules().get(0);

    assertThat(rule.getHost()).isEqualTo("mooring.acme.example");
    assertThat(rule.getHttp().getPaths())
        .singleElement()
        .satisfies(
            path -> {
              assertThat(path.getPath()).isEqualTo("/hooks");
              assertThat(path.getBackend().getService().getName()).isEqualTo("mooring-webhook");
            });
    assertThat(ingress.getSpec().getTls().get(0).getSecretName()).isEqualTo("mooring-webhook-tls");
  }

  @Test
  void serviceMonitorScrapesTheMetricsServiceAndKeepsTheAppsNamespaceLabel() {
    GenericKubernetesResource monitor =
        (GenericKubernetesResource) ALL_FEATURES.ofKind("ServiceMonitor").get(0);
    @SuppressWarnings("unchecked")
    Map<String, String> selector =
        (Map<String, String>) monitor.get("spec", "selector", "matchLabels");
    Service metrics = (Service) ALL_FEATURES.named("Service", "mooring-metrics").orElseThrow();
    Service webhook = (Service) ALL_FEATURES.named("Service", "mooring-webhook").orElseThrow();

    assertThat(metrics.getMetadata().getLabels()).containsAllEntriesOf(selector);
    assertThat(webhook.getMetadata().getLabels())
        .doesNotContainEntry(
            "app.kubernetes.io/component", selector.get("app.kubernetes.io/component"));
    Object port = monitor.get("spec", "endpoints", 0, "port");
    Object honorLabels = monitor.get("spec", "endpoints", 0, "honorLabels");
    assertThat(port).isEqualTo("metrics");
    assertThat(honorLabels).isEqualTo(true);
  }

  @Test
  void prometheusRuleCarriesExactlyTheAlertRulesFile() throws Exception {
    GenericKubernetesResource rule =
        (GenericKubernetesResource) ALL_FEATURES.ofKind("PrometheusRule").get(0);
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    JsonNode fromFile = yaml.readTree(ChartFiles.alertRules().toFile()).get("groups");
    JsonNode fromChart = yaml.valueToTree(rule.get("spec", "groups"));

    assertThat(fromChart).isEqualTo(fromFile);
    assertThat(fromChart.toString()).contains("{{ $labels.app }}");
  }

  @Test
  void dashboardConfigMapHoldsTheDashboardFileForTheGrafanaSidecar() throws Exception {
    ConfigMap dashboard =
        (ConfigMap) ALL_FEATURES.named("ConfigMap", "mooring-dashboard").orElseThrow();

    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("monitoring");
    assertThat(dashboard.getData().get("mooring-drift.json"))
        .isEqualTo(Files.readString(ChartFiles.dashboard()).stripTrailing());
  }

  private static Map<String, String> env(Container container) {
    return container.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  private static Map<String, Volume> volumes(PodSpec pod) {
    return pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
  }
}
