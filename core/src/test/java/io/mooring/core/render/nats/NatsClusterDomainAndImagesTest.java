package io.mooring.core.render.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.mooring.core.testing.Golden;
import io.mooring.core.testing.MirrorOptions;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A NATS cluster on a cluster whose DNS domain is not cluster.local, pulled from a mirror. */
class NatsClusterDomainAndImagesTest {
  private static final List<HasMetadata> OBJECTS =
      NatsRenderer.render(
              NatsSpecs.builder("events").replicas(3).user("app", "secret-1").build(),
              MirrorOptions.with(NatsSpecs.PASSWORDS))
          .objects();

  @Test
  void rendersAsInItsGoldenFile() {
    Golden.assertMatches("nats/cozy-domain-mirror-images.yaml", OBJECTS);
  }

  @Test
  void theRoutesUseTheClusterDomain() {
    String conf =
        OBJECTS.stream()
            .filter(ConfigMap.class::isInstance)
            .map(o -> ((ConfigMap) o).getData().get(NatsConfigModel.CONFIG_KEY))
            .findFirst()
            .orElseThrow();
    // The routes carry the route login, so they live in the credentials Secret.
    String routes =
        OBJECTS.stream()
            .filter(Secret.class::isInstance)
            .map(o -> ((Secret) o).getData().get(NatsRouteAuth.FILE_KEY))
            .filter(value -> value != null)
            .map(value -> new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8))
            .findFirst()
            .orElseThrow();

    assertThat(Serialization.asYaml(OBJECTS)).doesNotContain("cluster.local");
    assertThat(conf).doesNotContain("cluster.local");
    assertThat(routes)
        .doesNotContain("cluster.local")
        .contains("@events-nats-0.events-nats-headless.tenant-x.svc.cozy.local:6222")
        .contains("@events-nats-2.events-nats-headless.tenant-x.svc.cozy.local:6222");
  }

  @Test
  void thePodsRunTheConfiguredImageAndPullWithTheSecrets() {
    assertThat(MirrorOptions.images(OBJECTS))
        .containsOnly(
            org.assertj.core.api.Assertions.entry(
                "nats", MirrorOptions.MIRROR + "/nats:2.10.18-r5"),
            org.assertj.core.api.Assertions.entry(
                "nats-exporter", MirrorOptions.MIRROR + "/prometheus-nats-exporter:0.15.0-r6"));
    assertThat(MirrorOptions.podTemplates(OBJECTS))
        .hasSize(1)
        .allSatisfy(
            (name, template) ->
                assertThat(MirrorOptions.pullSecretNames(template))
                    .isEqualTo(MirrorOptions.PULL_SECRETS));
  }
}
