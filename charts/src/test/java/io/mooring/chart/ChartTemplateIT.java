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
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.mooring.daemon.Daemon;
import java.nio.file.Files;
import java.util.List;
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
            "Role/mooring-leader-election",
            "RoleBinding/mooring-leader-election",
            "NetworkPolicy/mooring",
            "Service/mooring-webhook",
            "Service/mooring-metrics",
            "Deployment/mooring",
            "ConfigMap/mooring-dashboard",
            "ConfigMap/mooring-data-services-dashboard");
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
  void oneReplicaElectsItselfSoThatARollingUpdateNeverRunsTwoReconcilers() {
    Deployment deployment = DEFAULTS.single(Deployment.class);

    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(env(deployment.getSpec().getTemplate().getSpec().getContainers().get(0)))
        .containsEntry("MOORING_LEADER_ELECTION", "true")
        .containsEntry("MOORING_LEASE_NAME", "mooring-leader");
    assertThat(DEFAULTS.ofKind("PodDisruptionBudget")).as("nothing to keep with one pod").isEmpty();
  }

  @Test
  void oneReplicaWithoutElectionIsReplacedNeverRunTwice() {
    Manifests manifests =
        Manifests.parse(HelmChart.template(null, Map.of("leaderElection.enabled", false)));
    Deployment deployment = manifests.single(Deployment.class);

    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(env(deployment.getSpec().getTemplate().getSpec().getContainers().get(0)))
        .containsEntry("MOORING_LEADER_ELECTION", "false");
    assertThat(manifests.ofKind("Role")).isEmpty();
  }

  @Test
  void eachReleaseElectsOnALeaseOfItsOwn() {
    Map<String, String> teamA =
        env(
            Manifests.parse(HelmChart.template("team-a", null, Map.of()))
                .single(Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0));
    Map<String, String> teamB =
        env(
            Manifests.parse(HelmChart.template("team-b", null, Map.of()))
                .single(Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0));

    assertThat(teamA.get("MOORING_LEASE_NAME")).isEqualTo("team-a-mooring-leader");
    assertThat(teamB.get("MOORING_LEASE_NAME")).isEqualTo("team-b-mooring-leader");
  }

  @Test
  void moreThanOneReplicaTurnsLeaderElectionOn() {
    Manifests manifests = Manifests.parse(HelmChart.template(null, Map.of("replicaCount", 3)));
    Deployment deployment = manifests.single(Deployment.class);
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(env(container))
        .containsEntry("MOORING_LEADER_ELECTION", "true")
        .containsEntry("MOORING_LEASE_NAMESPACE", HelmChart.NAMESPACE)
        .containsEntry("MOORING_LEASE_NAME", "mooring-leader");
    assertThat(container.getEnv())
        .filteredOn(e -> e.getName().equals("POD_NAMESPACE"))
        .extracting(e -> e.getValueFrom().getFieldRef().getFieldPath())
        .containsExactly("metadata.namespace");
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(manifests.named("Role", "mooring-leader-election")).isPresent();
  }

  @Test
  void shardsReachTheDaemonWithElectionOnAndARoleForEachShardsLease() {
    Manifests manifests =
        Manifests.parse(
            HelmChart.template(
                null, Map.of("replicaCount", 3, "shards", 4, "leaderElection.enabled", false)));
    Container container =
        manifests.single(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(env(container))
        .containsEntry("MOORING_SHARDS", "4")
        .containsEntry("MOORING_LEADER_ELECTION", "true");
    Role role = (Role) manifests.named("Role", "mooring-leader-election").orElseThrow();
    assertThat(role.getRules())
        .filteredOn(rule -> rule.getVerbs().contains("update"))
        .singleElement()
        .satisfies(
            rule ->
                assertThat(rule.getResourceNames())
                    .containsExactly(
                        "mooring-shard-0",
                        "mooring-shard-1",
                        "mooring-shard-2",
                        "mooring-shard-3"));
    assertThat(
            env(
                Manifests.parse(HelmChart.template(null, Map.of()))
                    .single(Deployment.class)
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)))
        .containsEntry("MOORING_SHARDS", "1");
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
    assertThat(port).isEqualTo("metrics");
    Object honorLabels = monitor.get("spec", "endpoints", 0, "honorLabels");
    Object relabeled = monitor.get("spec", "endpoints", 0, "relabelings", 0, "targetLabel");
    Object dropped = monitor.get("spec", "endpoints", 0, "metricRelabelings", 0, "action");
    assertThat(honorLabels).isEqualTo(true);
    assertThat(relabeled).isEqualTo("cluster");
    assertThat(dropped).isEqualTo("drop");

    GenericKubernetesResource byDefault =
        (GenericKubernetesResource)
            Manifests.parse(
                    HelmChart.template(null, Map.of("metrics.serviceMonitor.enabled", true)))
                .ofKind("ServiceMonitor")
                .get(0);
    Object honorLabelsByDefault = byDefault.get("spec", "endpoints", 0, "honorLabels");
    assertThat(honorLabelsByDefault)
        .as("the app's namespace is app_namespace: the target's labels need no override")
        .isEqualTo(false);
  }

  @Test
  void prometheusRuleCarriesExactlyTheAlertRulesFile() throws Exception {
    GenericKubernetesResource rule =
        (GenericKubernetesResource) ALL_FEATURES.ofKind("PrometheusRule").get(0);
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    JsonNode fromFile = yaml.readTree(ChartFiles.alertRules().toFile()).get("groups");
    JsonNode fromChart = yaml.valueToTree(rule.get("spec", "groups"));
    // all-features turns MooringInternalErrors off: the file without that rule.
    com.fasterxml.jackson.databind.node.ArrayNode expected = fromFile.deepCopy();
    java.util.Iterator<JsonNode> rules = expected.get(0).get("rules").elements();
    while (rules.hasNext()) {
      if (rules.next().path("alert").asText().equals("MooringInternalErrors")) {
        rules.remove();
      }
    }

    assertThat(fromChart).isEqualTo(expected);
    assertThat(fromChart.toString()).contains("{{ $labels.app }}");
    GenericKubernetesResource everyRule =
        (GenericKubernetesResource)
            Manifests.parse(
                    HelmChart.template(null, Map.of("metrics.prometheusRule.enabled", true)))
                .ofKind("PrometheusRule")
                .get(0);
    JsonNode everyGroup = yaml.valueToTree(everyRule.get("spec", "groups"));
    assertThat(everyGroup).isEqualTo(fromFile);
  }

  @Test
  void dashboardConfigMapHoldsTheDashboardFileForTheGrafanaSidecar() throws Exception {
    ConfigMap dashboard =
        (ConfigMap) ALL_FEATURES.named("ConfigMap", "mooring-dashboard").orElseThrow();
    ConfigMap byDefault =
        (ConfigMap) DEFAULTS.named("ConfigMap", "mooring-dashboard").orElseThrow();

    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("monitoring");
    assertThat(byDefault.getData().get("mooring-drift.json"))
        .isEqualTo(Files.readString(ChartFiles.dashboard()).stripTrailing());
    JsonNode linked = new ObjectMapper().readTree(dashboard.getData().get("mooring-drift.json"));
    assertThat(linked.path("links").get(0).path("url").asText())
        .as("the status page's public address is the dashboard's first link")
        .isEqualTo("https://mooring.internal.acme.example/");
    assertThat(linked.path("panels"))
        .isEqualTo(new ObjectMapper().readTree(ChartFiles.dashboard().toFile()).path("panels"));
  }

  @Test
  void dataServicesDashboardShipsBesideTheDriftDashboardInTheSameFolder() throws Exception {
    ConfigMap dataServices =
        (ConfigMap)
            ALL_FEATURES.named("ConfigMap", "mooring-data-services-dashboard").orElseThrow();

    assertThat(dataServices.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(dataServices.getMetadata().getNamespace()).isEqualTo("monitoring");
    assertThat(dataServices.getMetadata().getAnnotations())
        .containsEntry("grafana_folder", "Mooring");
    assertThat(dataServices.getData().get("mooring-data-services.json"))
        .isEqualTo(Files.readString(ChartFiles.dataServicesDashboard()).stripTrailing());
  }

  @Test
  void valuesThatWouldRenderButNotRunFailAtTemplateTime() {
    assertThatThrownBy(() -> HelmChart.template(null, Map.of("git.repo", "")))
        .hasMessageContaining("git.repo is required");
    Map<String, Object> sshWithoutHostKeys =
        Map.of(
            "git.repo", "git@github.com:acme/config.git",
            "git.credentials.existingSecret", "git",
            "git.credentials.sshPrivateKeyKey", "id");
    assertThatThrownBy(() -> HelmChart.template(null, sshWithoutHostKeys))
        .hasMessageContaining("knownHostsKey");
    Map<String, Object> both = new java.util.HashMap<>(sshWithoutHostKeys);
    both.put("git.credentials.knownHostsKey", "known_hosts");
    both.put("git.acceptNewHostKeys", true);
    assertThatThrownBy(() -> HelmChart.template(null, both))
        .hasMessageContaining("exclude each other");
    assertThatThrownBy(() -> HelmChart.template(null, Map.of("webhookPort", 8080)))
        .hasMessageContaining("must differ");
  }

  @Test
  void trustOnFirstUseKeepsAWritableKnownHostsInTheDataDirectory() {
    Map<String, Object> values =
        Map.of(
            "git.repo", "git@github.com:acme/config.git",
            "git.credentials.existingSecret", "git",
            "git.credentials.sshPrivateKeyKey", "id",
            "git.acceptNewHostKeys", true);
    PodSpec pod =
        Manifests.parse(HelmChart.template(null, values))
            .single(Deployment.class)
            .getSpec()
            .getTemplate()
            .getSpec();
    Container container = pod.getContainers().get(0);

    assertThat(env(container))
        .containsEntry("MOORING_GIT_KNOWN_HOSTS_FILE", "/var/lib/mooring/known_hosts")
        .containsEntry("MOORING_GIT_ACCEPT_NEW_HOST_KEYS", "true");
    assertThat(container.getVolumeMounts())
        .filteredOn(m -> m.getName().equals("data"))
        .singleElement()
        .satisfies(m -> assertThat(m.getReadOnly()).isNotEqualTo(true));
  }

  @Test
  void webhooksHaveTheirOwnPortAndServiceAndStatusStaysInside() {
    Service webhook = (Service) DEFAULTS.named("Service", "mooring-webhook").orElseThrow();
    Service metrics = (Service) DEFAULTS.named("Service", "mooring-metrics").orElseThrow();
    Container container =
        DEFAULTS.single(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(webhook.getSpec().getPorts())
        .singleElement()
        .satisfies(port -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("webhook"));
    assertThat(metrics.getSpec().getPorts())
        .singleElement()
        .satisfies(port -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("http"));
    assertThat(metrics.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(container.getPorts())
        .extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactlyInAnyOrder("http:8080", "webhook:8081");
    assertThat(env(container))
        .containsEntry("MOORING_HTTP_PORT", "8080")
        .containsEntry("MOORING_WEBHOOK_PORT", "8081");
    assertThat(
            ALL_FEATURES
                .single(Ingress.class)
                .getSpec()
                .getRules()
                .get(0)
                .getHttp()
                .getPaths()
                .get(0)
                .getBackend()
                .getService()
                .getPort()
                .getName())
        .isEqualTo("webhook");
  }

  @Test
  void networkPolicyLetsInWebhooksAndScrapesAndOutOnlyWhatMooringTalksTo() {
    io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy policy =
        DEFAULTS.single(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class);

    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(policy.getSpec().getIngress())
        .extracting(rule -> rule.getPorts().get(0).getPort().getStrVal())
        .containsExactly("webhook", "http");
    assertThat(policy.getSpec().getIngress().get(1).getFrom())
        .as("status and metrics: from inside the cluster only")
        .isNotEmpty();
    List<Integer> egressPorts =
        policy.getSpec().getEgress().stream()
            .flatMap(rule -> rule.getPorts().stream())
            .map(port -> port.getPort().getIntVal())
            .collect(Collectors.toList());
    assertThat(egressPorts)
        .as("DNS, the API server, the git host (https, ssh), NATS, Redis and Sentinel")
        .containsExactlyInAnyOrder(53, 53, 443, 6443, 443, 22, 4222, 6379, 26379);
    io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy narrowed =
        ALL_FEATURES.single(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class);
    assertThat(narrowed.getSpec().getEgress())
        .flatExtracting(rule -> rule.getTo())
        .extracting(peer -> peer.getIpBlock() == null ? "" : peer.getIpBlock().getCidr())
        .contains("10.0.0.1/32", "140.82.112.0/20");
  }

  @Test
  void severalReplicasGetADisruptionBudget() {
    io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget budget =
        ALL_FEATURES.single(io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class);

    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(budget.getSpec().getSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/name", "mooring");
  }

  @Test
  void extraVolumesReachThePod() {
    PodSpec pod = ALL_FEATURES.single(Deployment.class).getSpec().getTemplate().getSpec();

    assertThat(volumes(pod).get("git-ca").getConfigMap().getName()).isEqualTo("acme-git-ca");
    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/etc/mooring/ca"));
    assertThat(pod.getPriorityClassName()).isNotEqualTo("system-cluster-critical");
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
