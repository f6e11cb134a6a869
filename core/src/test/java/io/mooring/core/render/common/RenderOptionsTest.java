package io.mooring.core.render.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RenderOptionsTest {

  @Test
  void theDefaultsArePinnedPublicImagesAndClusterLocal() {
    RenderOptions defaults = RenderOptions.defaults();

    assertThat(defaults.clusterDomain()).isEqualTo("cluster.local");
    assertThat(defaults.images().redis().reference()).isEqualTo("redis:7.2.5-alpine");
    assertThat(defaults.images().sentinel().reference()).isEqualTo("redis:7.2.5-alpine");
    assertThat(defaults.images().exporter().reference())
        .isEqualTo("oliver006/redis_exporter:v1.62.0");
    assertThat(defaults.images().proxy().reference()).isEqualTo("haproxy:2.9.10-alpine");
    assertThat(defaults.images().nats().reference()).isEqualTo("nats:2.10.18-alpine");
    assertThat(defaults.images().pullSecrets()).isEmpty();
    assertThat(defaults.images().pullSecretReferences()).as("no field at all").isNull();
  }

  @Test
  void aRegistryWithAPortAndADigestMakeAValidReference() {
    String digest = "sha256:" + "ab12".repeat(16);

    assertThat(new ContainerImage("registry.corp:5000/library/redis", "7.2.5").reference())
        .isEqualTo("registry.corp:5000/library/redis:7.2.5");
    assertThat(new ContainerImage("redis", digest).reference()).isEqualTo("redis@" + digest);
  }

  @Test
  void malformedRepositoriesTagsDomainsAndSecretsAreRefusedWithWhatIsWrong() {
    assertThat(ContainerImage.checkRepository("redis:7.2")).get().asString().contains("no tag");
    assertThat(ContainerImage.checkRepository("Redis")).isPresent();
    assertThat(ContainerImage.checkRepository("")).isPresent();
    assertThat(ContainerImage.checkTag("7.2 alpine")).get().asString().contains("\"7.2 alpine\"");
    assertThat(ContainerImage.checkTag("-latest")).isPresent();
    assertThatThrownBy(() -> RenderOptions.defaults().withClusterDomain("cozy.local."))
        .hasMessageContaining("cluster domain must be a DNS-1123 subdomain");
    AppImages defaults = AppImages.defaults();
    assertThatThrownBy(
            () ->
                new AppImages(
                    defaults.redis(),
                    defaults.valkey(),
                    defaults.sentinel(),
                    defaults.exporter(),
                    defaults.proxy(),
                    defaults.nats(),
                    defaults.natsExporter(),
                    List.of("Mirror_Pull")))
        .hasMessageContaining("image pull secret \"Mirror_Pull\" must be a DNS-1123 subdomain");
  }
}
