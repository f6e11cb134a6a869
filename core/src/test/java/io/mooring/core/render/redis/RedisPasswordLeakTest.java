package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.render.common.PasswordGenerator;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.RedisSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The generated password may live in the Secret's data and nowhere else: not in a ConfigMap, env or
 * label.
 */
class RedisPasswordLeakTest {
  private static final String PASSWORD = "Zq7LeakCanaryPasswordValue0123456789abcd";

  @Test
  void thePasswordAppearsOnlyInTheSecretData() {
    List<String> generated = new ArrayList<>();
    PasswordGenerator canary =
        purpose -> {
          generated.add(purpose);
          return PASSWORD;
        };
    RenderOptions options = RenderOptions.defaults().withPasswords(canary);
    String encoded = Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8));
    int secrets = 0;
    for (Map.Entry<String, RedisSpec> entry : RedisTestSpecs.cases().entrySet()) {
      DesiredState state = RedisRenderer.render(entry.getValue(), options);
      for (HasMetadata object : state.objects()) {
        String yaml = Serialization.asYaml(object);
        if (object instanceof Secret secret
            && secret.getMetadata().getName().endsWith("-redis-conn")) {
          assertThat(
                  new String(
                      Base64.getDecoder().decode(secret.getData().get("REDIS_PASSWORD")),
                      StandardCharsets.UTF_8))
              .as("the connection Secret carries the auth Secret's password")
              .isEqualTo(entry.getValue().authEnabled() ? PASSWORD : "");
          secret.getData().clear();
          yaml = Serialization.asYaml(secret);
        } else if (object instanceof Secret secret) {
          secrets++;
          assertThat(
                  new String(
                      Base64.getDecoder().decode(secret.getData().get(RedisAuthModel.PASSWORD_KEY)),
                      StandardCharsets.UTF_8))
              .isEqualTo(PASSWORD);
          assertThat(secret.getMetadata().getAnnotations())
              .containsEntry(
                  MooringLabels.GENERATED_KEYS_ANNOTATION,
                  RedisAuthModel.PASSWORD_KEY
                      + ",mooring-replication-password,mooring-sentinel-password"
                      + ",mooring-exporter-password,mooring-operator-password");
          secret.getData().clear();
          yaml = Serialization.asYaml(secret);
        }
        assertThat(yaml)
            .as(
                "%s %s of case %s",
                object.getKind(), object.getMetadata().getName(), entry.getKey())
            .doesNotContain(PASSWORD)
            .doesNotContain(encoded);
      }
    }
    // Every case but auth-disabled has a Secret, so the canary did reach the renderer.
    assertThat(secrets).isEqualTo(RedisTestSpecs.cases().size() - 1);
    assertThat(generated).allMatch(purpose -> purpose.startsWith("example-redis-auth/"));
  }

  @Test
  void theSecurePasswordIsLongAndAlphanumeric() {
    String password = PasswordGenerator.secure().generate("redis");
    assertThat(password).hasSizeGreaterThanOrEqualTo(32).matches("[A-Za-z0-9]+");
  }
}
