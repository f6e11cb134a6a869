package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.mooring.core.testing.Golden;
import io.mooring.core.testing.MirrorOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Redis app on a cluster whose DNS domain is not cluster.local, pulled from a mirror. */
class RedisClusterDomainAndImagesTest {
  private static final List<HasMetadata> OBJECTS =
      RedisRenderer.render(
              RedisTestSpecs.seedThreeReplicas(),
              MirrorOptions.with(RedisTestSpecs.FIXED_PASSWORDS))
          .objects();

  @Test
  void rendersAsInItsGoldenFile() {
    Golden.assertMatches("redis/cozy-domain-mirror-images.yaml", OBJECTS);
  }

  @Test
  void everyDnsNameUsesTheClusterDomain() {
    String yaml = Serialization.asYaml(OBJECTS);

    assertThat(yaml).doesNotContain("cluster.local");
    // The start scripts wait for and announce the pods' own names, the proxy checks each pod.
    assertThat(
            RedisRendererGoldenTest.configMapData(
                RedisRenderer.render(
                    RedisTestSpecs.seedThreeReplicas(),
                    MirrorOptions.with(RedisTestSpecs.FIXED_PASSWORDS)),
                "example-redis-config",
                RedisConfigModel.START_SCRIPT))
        .contains("HEADLESS_DOMAIN='example-redis-headless.default.svc.cozy.local'")
        .contains("SENTINEL_SERVICE='example-sentinel.default.svc.cozy.local'");
    assertThat(yaml).contains("example-redis-0.example-redis-headless.default.svc.cozy.local");
  }

  @Test
  void eachComponentRunsItsConfiguredImage() {
    assertThat(MirrorOptions.images(OBJECTS))
        .containsOnlyKeys("start", "redis", "sentinel", "redis-exporter", "haproxy")
        .containsEntry("start", MirrorOptions.MIRROR + "/redis:7.2.5-r1")
        .containsEntry("redis", MirrorOptions.MIRROR + "/redis:7.2.5-r1")
        .containsEntry("sentinel", MirrorOptions.MIRROR + "/redis-for-sentinel:7.2.5-r2")
        .containsEntry("redis-exporter", MirrorOptions.MIRROR + "/redis_exporter:v1.62.0-r3")
        .containsEntry("haproxy", MirrorOptions.MIRROR + "/haproxy:2.9.10-r4");
  }

  @Test
  void everyPodPullsWithTheSecrets() {
    assertThat(MirrorOptions.podTemplates(OBJECTS))
        .containsOnlyKeys(
            "StatefulSet/example-redis",
            "Deployment/example-sentinel",
            "Deployment/example-redis-exporter",
            "Deployment/example-redis-proxy")
        .allSatisfy(
            (name, template) ->
                assertThat(MirrorOptions.pullSecretNames(template))
                    .as(name)
                    .isEqualTo(MirrorOptions.PULL_SECRETS));
  }
}
