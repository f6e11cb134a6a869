package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.SpecFile;
import io.mooring.core.spec.SpecParseResult;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the Aiven examples render to: their Secret, size, network rules and engine. */
class AivenRenderTest {
  private static final Path DIR = Path.of("src", "test", "resources", "spec", "aiven");
  private static final SpecParser PARSER = SpecParser.standard(SpecParserOptions.defaults());

  static RedisSpec spec(String file) throws IOException {
    return spec(file, Files.readString(DIR.resolve(file)));
  }

  static RedisSpec spec(String file, String yaml) {
    SpecParseResult result = PARSER.parse(List.of(SpecFile.of(file, yaml)));
    assertThat(result.errors()).isEmpty();
    return (RedisSpec) result.specs().get(0);
  }

  static <T extends HasMetadata> T object(DesiredState state, Class<T> type, String name) {
    return state.objects().stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  private static Map<String, String> decoded(Secret secret) {
    return secret.getData().entrySet().stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey,
                e -> new String(Base64.getDecoder().decode(e.getValue()), StandardCharsets.UTF_8)));
  }

  @Test
  void theSeedsUsageExampleRendersItsConnectionSecretUnchanged() throws IOException {
    DesiredState state =
        RedisRenderer.render(spec("seed-usage-example.yaml"), RedisTestSpecs.OPTIONS);

    Secret connection = object(state, Secret.class, "redis-token");
    Map<String, String> data = decoded(connection);
    String password =
        decoded(object(state, Secret.class, "k8s-redis-redis-auth")).get("redis-password");
    assertThat(data)
        .containsEntry("MY_SECRET_PREFIX_HOST", "k8s-redis-redis-master.default.svc.cluster.local")
        .containsEntry("MY_SECRET_PREFIX_PORT", "6379")
        .containsEntry("MY_SECRET_PREFIX_USER", "default")
        .containsEntry("MY_SECRET_PREFIX_PASSWORD", password)
        .containsEntry("MY_SECRET_PREFIX_SSL", "false")
        .containsEntry(
            "MY_SECRET_PREFIX_URI",
            "redis://default:"
                + password
                + "@k8s-redis-redis-master.default.svc.cluster.local:6379");
    assertThat(connection.getMetadata().getLabels())
        .containsEntry("baz", "egg")
        .containsEntry(MooringLabels.MANAGED_BY, MooringLabels.MANAGER);
    assertThat(connection.getMetadata().getAnnotations()).containsEntry("foo", "bar");
    // The master Service the HOST names exists.
    object(state, Service.class, "k8s-redis-redis-master");

    String conf =
        object(state, ConfigMap.class, "k8s-redis-redis-config").getData().get("redis.conf");
    assertThat(conf)
        .contains("maxmemory-policy allkeys-random\n", "maxmemory 2867mb\n", "save 600 1\n")
        .contains("appendonly no\n");
  }

  @Test
  void theConnectionSecretKeepsTheLivePassword() throws IOException {
    RedisSpec spec = spec("seed-usage-example.yaml");
    DesiredState first = RedisRenderer.render(spec, RenderOptions.defaults());
    DesiredState next =
        RedisRenderer.render(spec, RenderOptions.defaults(), LiveSecrets.of(first.objects()));

    assertThat(object(next, Secret.class, "redis-token"))
        .isEqualTo(object(first, Secret.class, "redis-token"));
    assertThat(object(next, Secret.class, "redis-token").getMetadata().getAnnotations())
        .containsEntry(MooringLabels.CREDENTIALS_ANNOTATION, "true");
  }

  @Test
  void ipFilterAdmitsItsBlocksOnTheRedisAndExporterPortsAndTheNamespacesOwnPods()
      throws IOException {
    DesiredState state = RedisRenderer.render(spec("every-field.yaml"), RedisTestSpecs.OPTIONS);

    NetworkPolicy policy = object(state, NetworkPolicy.class, "tuned-redis-ingress");
    assertThat(policy.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(Map.of(MooringLabels.NAME, "redis", MooringLabels.INSTANCE, "tuned"));
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress();
    assertThat(rules).hasSize(2);
    // Every pod of the namespace, on any port: the app's clients, Sentinels, proxy and exporter.
    assertThat(rules.get(0).getFrom())
        .singleElement()
        .satisfies(
            peer -> {
              assertThat(peer.getPodSelector().getMatchLabels()).isNullOrEmpty();
              assertThat(peer.getNamespaceSelector()).isNull();
              assertThat(peer.getIpBlock()).isNull();
            });
    assertThat(rules.get(0).getPorts()).isNullOrEmpty();
    assertThat(rules.get(1).getFrom())
        .extracting(NetworkPolicyPeer::getIpBlock)
        .extracting(block -> block.getCidr())
        .containsExactly("10.20.0.0/16", "192.168.7.5/32", "2001:db8:0:0:0:0:0:0/32");
    assertThat(rules.get(1).getPorts())
        .extracting(NetworkPolicyPort::getPort)
        .containsExactly(new IntOrString(6379), new IntOrString(9121));

    Service external = object(state, Service.class, "tuned-redis-external");
    assertThat(external.getSpec().getLoadBalancerSourceRanges())
        .containsExactly("10.20.0.0/16", "192.168.7.5/32", "2001:db8:0:0:0:0:0:0/32");
    Service metrics = object(state, Service.class, "tuned-metrics-external");
    assertThat(metrics.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(metrics.getSpec().getPorts().get(0).getPort()).isEqualTo(9121);
    assertThat(metrics.getSpec().getLoadBalancerSourceRanges()).hasSize(3);
  }

  @Test
  void withoutIpFilterNothingIsRestricted() throws IOException {
    DesiredState state =
        RedisRenderer.render(spec("seed-usage-example.yaml"), RedisTestSpecs.OPTIONS);

    assertThat(state.objects()).noneMatch(NetworkPolicy.class::isInstance);
  }

  @Test
  void tagsAndEmailsAreOnEveryObjectButNeverOnPodTemplates() throws IOException {
    DesiredState state = RedisRenderer.render(spec("every-field.yaml"), RedisTestSpecs.OPTIONS);

    assertThat(state.objects())
        .allSatisfy(
            o -> {
              assertThat(o.getMetadata().getLabels()).containsEntry("env", "prod");
              assertThat(o.getMetadata().getAnnotations())
                  .containsEntry("cost-center", "retail web")
                  .containsEntry(
                      "mooring.io/technical-emails", "oncall@example.com,dba@example.com");
            });
    assertThat(
            RedisRendererGoldenTest.statefulSet(state)
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getLabels())
        .doesNotContainKey("env");
  }

  @Test
  void aPlanSizesTheAppAndDiskSpaceTheVolume() throws IOException {
    RedisSpec premium = spec("valkey.yaml");
    DesiredState state = RedisRenderer.render(premium, RedisTestSpecs.OPTIONS);

    var set = RedisRendererGoldenTest.statefulSet(state);
    assertThat(set.getSpec().getReplicas()).isEqualTo(3);
    assertThat(
            set.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests())
        .containsEntry("storage", new Quantity("16Gi"));
    assertThat(
            set.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits())
        .containsEntry("memory", new Quantity("8Gi"));
    assertThat(set.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("valkey/valkey:7.2.5-alpine");
    assertThat(state.objects())
        .anyMatch(o -> o.getMetadata().getName().equals("sessions-sentinel"));
    assertThat(decoded(object(state, Secret.class, "sessions")))
        .containsKeys("VALKEY_HOST", "VALKEY_PORT", "VALKEY_USER", "VALKEY_PASSWORD", "VALKEY_URI");
  }

  @Test
  void aLiveDirectiveChangeRollsNoPodARestartOnlyOneDoes() {
    String base =
        """
        apiVersion: aiven.io/v1alpha1
        kind: Redis
        metadata:
          name: roll
        spec:
          project: p
          plan: startup-1
          userConfig:
        """;
    String hash = hash(spec("a.yaml", base + "    redis_timeout: 10\n    redis_io_threads: 1\n"));
    String liveChanged =
        hash(
            spec(
                "b.yaml",
                base
                    + "    redis_timeout: 20\n    redis_io_threads: 1\n"
                    + "    redis_maxmemory_policy: allkeys-lru\n"
                    + "    redis_notify_keyspace_events: Ex\n"
                    + "    redis_lfu_log_factor: 3\n"
                    + "    redis_lfu_decay_time: 3\n"
                    + "    redis_pubsub_client_output_buffer_limit: 40\n"
                    + "    redis_persistence: \"off\"\n"));
    String threadsChanged =
        hash(spec("c.yaml", base + "    redis_timeout: 10\n    redis_io_threads: 4\n"));
    String databasesChanged =
        hash(
            spec(
                "d.yaml",
                base
                    + "    redis_timeout: 10\n    redis_io_threads: 1\n    redis_number_of_databases: 2\n"));

    assertThat(liveChanged).isEqualTo(hash);
    assertThat(threadsChanged).isNotEqualTo(hash);
    assertThat(databasesChanged).isNotEqualTo(hash).isNotEqualTo(threadsChanged);
  }

  private static String hash(RedisSpec spec) {
    return RedisRendererGoldenTest.statefulSet(RedisRenderer.render(spec, RedisTestSpecs.OPTIONS))
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(MooringLabels.CONFIG_HASH_ANNOTATION);
  }
}
