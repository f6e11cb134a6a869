package io.mooring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {
  private static final String EXAMPLES = Path.of("..", "examples").toString();
  private static final String APP_LABEL = "mooring.io/app";

  @Test
  void everyRedisAppOfTheExamplesHasExactlyTheSeedComponentsAndItsPdbs() {
    CliRun run = CliRun.of("render", "-o", "json", EXAMPLES);

    assertThat(run.exitCode()).isZero();
    Map<String, Set<String>> apps = kindsAndNamesByApp(items(run.out()));
    assertThat(apps.get("default/redis.cache")).isEqualTo(redis("cache", true, true, true));
    assertThat(apps.get("default/redis.example")).isEqualTo(redis("example", true, true, false));
    assertThat(apps.get("default/redis.reports")).isEqualTo(redis("reports", true, true, false));
    assertThat(apps.get("default/redis.sessions")).isEqualTo(redis("sessions", false, true, false));
    assertThat(apps.get("tenant-y/redis.example")).isEqualTo(redis("example", true, false, false));
    assertThat(apps.get("tenant-y/redis.ledger")).isEqualTo(redis("ledger", true, true, false));
    assertThat(apps.keySet())
        .contains(
            "tenant-x/nats.events",
            "tenant-x/nats.nats",
            "tenant-y/nats.bus",
            "tenant-y/nats.messaging",
            "tenant-y/nats.telemetry")
        .hasSize(11);
    assertThat(apps.get("tenant-x/nats.events"))
        .contains("StatefulSet events-nats", "Secret events-nats-credentials");
  }

  @Test
  void theExporterServiceOfEveryRedisAppListensOn9121() {
    List<HasMetadata> items = items(CliRun.of("render", "-o", "json", EXAMPLES).out());

    List<JsonNode> exporters =
        items.stream()
            .filter(
                o ->
                    o.getKind().equals("Service")
                        && o.getMetadata().getName().endsWith("-redis-exporter"))
            .map(o -> new ObjectMapper().valueToTree(o))
            .map(JsonNode.class::cast)
            .toList();
    assertThat(exporters).hasSize(6);
    exporters.forEach(
        service -> assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(9121));
  }

  @Test
  void secretValuesAreMaskedUnlessAskedForAndNoConfigMapHoldsAPassword() {
    String masked = CliRun.of("render", EXAMPLES).out();
    CliRun shown = CliRun.of("render", "-o", "json", "--show-secrets", EXAMPLES);

    List<HasMetadata> items = items(shown.out());
    List<String> passwords = secretValues(items);
    assertThat(passwords).hasSizeGreaterThan(6).doesNotContain("***").contains("mypassword");
    for (String password : passwords) {
      assertThat(masked).doesNotContain(password, base64(password));
    }
    items.stream()
        .filter(o -> o.getKind().equals("ConfigMap"))
        .forEach(
            configMap -> {
              String text = Serialization.asJson(configMap);
              passwords.forEach(
                  password ->
                      assertThat(text)
                          .as(configMap.getMetadata().getName())
                          .doesNotContain(password, base64(password)));
            });
    List<HasMetadata> maskedItems = yamlItems(masked);
    maskedItems.stream()
        .filter(o -> o instanceof io.fabric8.kubernetes.api.model.Secret)
        .forEach(
            secret ->
                assertThat(((io.fabric8.kubernetes.api.model.Secret) secret).getData().values())
                    .isNotEmpty()
                    .containsOnly("***"));
  }

  @Test
  void yamlAndJsonListTheSameObjectsInApplyOrder() {
    List<HasMetadata> json = items(CliRun.of("render", "-o", "json", EXAMPLES).out());
    List<HasMetadata> yaml = yamlItems(CliRun.of("render", EXAMPLES).out());

    assertThat(names(yaml)).isEqualTo(names(json));
    List<String> cacheKinds =
        yaml.stream()
            .filter(o -> "redis.cache".equals(o.getMetadata().getLabels().get(APP_LABEL)))
            .map(HasMetadata::getKind)
            .distinct()
            .toList();
    assertThat(cacheKinds)
        .containsExactly(
            "Secret", "ConfigMap", "Service", "StatefulSet", "Deployment", "PodDisruptionBudget");
  }

  @Test
  void invalidAndUnrenderableSpecsAreReportedOnStderrWhileTheOthersAreRendered(@TempDir Path repo)
      throws IOException {
    write(repo.resolve("ok.yaml"), redisSpec("ok", "replicas: 3"));
    write(repo.resolve("broken.yaml"), redisSpec("broken", "replicas: three"));
    write(
        repo.resolve("nats.yaml"),
        """
        apiVersion: apps.cozystack.io/v1alpha1
        kind: NATS
        metadata:
          name: events
          namespace: default
        spec:
          replicas: 3
          config:
            merge:
              cluster:
                routes: ["nats://elsewhere:6222"]
        """);

    CliRun run = CliRun.of("render", repo.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains(
            repo.resolve("broken.yaml")
                + ":7:13 spec.replicas: must be an integer >= 1, got \"three\"")
        .contains(
            repo.resolve("nats.yaml")
                + ":11:9 spec.config.merge.cluster.routes: cannot be set by config.merge")
        .contains("invalid: 2 errors");
    assertThat(names(yamlItems(run.out())))
        .contains("StatefulSet default/ok-redis")
        .noneMatch(name -> name.contains("events") || name.contains("broken"));
  }

  @Test
  void warningsGoToStderrInBothFormatsAndStdoutCarriesObjectsOnly() {
    for (String format : List.of("yaml", "json")) {
      CliRun run = CliRun.of("render", "-o", format, EXAMPLES);

      assertThat(run.exitCode()).as(format).isZero();
      assertThat(run.out())
          .as(format)
          .doesNotContain("# warning", "JetStream peers", "operator (JWT) mode");
      assertThat(run.err().lines())
          .as(format)
          .contains(
              "../examples/apps/tenant-x/nats.yaml:7:13 spec.replicas: warning: with 2 JetStream"
                  + " peers, losing 1 stops publishes, as with 1 (an even count adds no fault"
                  + " tolerance); use an odd count such as 3 or 5")
          .anyMatch(
              line ->
                  line.startsWith(
                      "../examples/apps/tenant-y/nats-users.yaml:14:17 spec.users.admin.password:"
                          + " warning: ignored: with spec.config.resolver the app runs in operator"
                          + " (JWT) mode"))
          .endsWith("valid: 11 apps in 10 files (6 warnings)");
    }
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(CliRun.of("render", "-o", "xml", EXAMPLES).exitCode()).isEqualTo(2);
    assertThat(CliRun.of("render").exitCode()).isEqualTo(2);
    assertThat(CliRun.of("render", "no-such-dir").exitCode()).isEqualTo(2);
  }

  static String redisSpec(String name, String specLine) {
    return """
        apiVersion: apps.cozystack.io/v1alpha1
        kind: Redis
        metadata:
          name: %s
          namespace: default
        spec:
          %s
        """
        .formatted(name, specLine);
  }

  static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  /**
   * The seed's components (StatefulSet, Sentinel, exporter, auth) plus PDBs and the Services and
   * ConfigMaps the renderer adds.
   */
  private static Set<String> redis(String n, boolean auth, boolean sentinel, boolean external) {
    Set<String> expected =
        new TreeSet<>(
            List.of(
                "ConfigMap " + n + "-redis-config",
                "Service " + n + "-redis",
                "Service " + n + "-redis-headless",
                "Service " + n + "-redis-exporter",
                "Service " + n + "-redis-master",
                "StatefulSet " + n + "-redis",
                "Deployment " + n + "-redis-exporter",
                "PodDisruptionBudget " + n + "-redis",
                "Secret " + n + "-redis-conn"));
    if (auth) {
      expected.add("Secret " + n + "-redis-auth");
    }
    if (sentinel) {
      expected.addAll(
          List.of(
              "ConfigMap " + n + "-sentinel-config",
              "Service " + n + "-sentinel",
              "Deployment " + n + "-sentinel",
              "PodDisruptionBudget " + n + "-sentinel",
              // The master Service's proxy, which follows the Sentinels' failovers.
              "ConfigMap " + n + "-redis-proxy",
              "Deployment " + n + "-redis-proxy",
              "PodDisruptionBudget " + n + "-redis-proxy"));
    }
    if (external) {
      expected.add("Service " + n + "-redis-external");
    }
    return expected;
  }

  private static Map<String, Set<String>> kindsAndNamesByApp(List<HasMetadata> items) {
    Map<String, Set<String>> apps = new TreeMap<>();
    for (HasMetadata item : items) {
      String app =
          item.getMetadata().getNamespace() + "/" + item.getMetadata().getLabels().get(APP_LABEL);
      apps.computeIfAbsent(app, a -> new TreeSet<>())
          .add(item.getKind() + " " + item.getMetadata().getName());
    }
    return apps;
  }

  private static List<String> names(List<HasMetadata> items) {
    return items.stream()
        .map(
            o ->
                o.getKind()
                    + " "
                    + o.getMetadata().getNamespace()
                    + "/"
                    + o.getMetadata().getName())
        .toList();
  }

  static List<HasMetadata> items(String json) {
    return Serialization.unmarshal(json, KubernetesList.class).getItems();
  }

  static List<HasMetadata> yamlItems(String yaml) {
    List<HasMetadata> items = new ArrayList<>();
    try (var documents = new YAMLMapper().readerFor(Map.class).readValues(yaml)) {
      while (documents.hasNext()) {
        Object document = documents.next();
        if (document != null) {
          items.add(
              Serialization.unmarshal(
                  new ObjectMapper().writeValueAsString(document), HasMetadata.class));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return items;
  }

  private static List<String> secretValues(List<HasMetadata> items) {
    return items.stream()
        .filter(io.fabric8.kubernetes.api.model.Secret.class::isInstance)
        .map(io.fabric8.kubernetes.api.model.Secret.class::cast)
        .flatMap(secret -> secret.getData().entrySet().stream())
        // A connection Secret's address, user and TLS flag are no credentials.
        .filter(entry -> !entry.getKey().matches(".*_(HOST|PORT|USER|SSL)"))
        .map(Map.Entry::getValue)
        .map(value -> new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8))
        .filter(value -> !value.isEmpty())
        .collect(Collectors.toList());
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
