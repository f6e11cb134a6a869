package io.mooring.core.render.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.render.common.PasswordGenerator;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.NatsSpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

class NatsCredentialsTest {
  private static NatsCredentials credentials(NatsSpec spec, PasswordGenerator passwords) {
    return NatsCredentials.of(
        spec, new NatsNames(spec.ref(), "cluster.local"), passwords, LiveSecrets.NONE);
  }

  private static NatsSpec spec(String adminPassword) {
    return NatsSpecs.builder("events").user("admin", adminPassword).user("client", null).build();
  }

  private static <T extends HasMetadata> T only(DesiredState state, Class<T> type) {
    return state.objects().stream()
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst()
        .orElseThrow();
  }

  /** The credentials Secret; the connection Secret beside it is another test's. */
  private static Secret credentialsSecret(DesiredState state) {
    return state.objects().stream()
        .filter(Secret.class::isInstance)
        .map(Secret.class::cast)
        .filter(secret -> secret.getMetadata().getName().endsWith("-nats-credentials"))
        .findFirst()
        .orElseThrow();
  }

  private static Collection<String> secretValues(DesiredState state) {
    return credentialsSecret(state).getData().values().stream()
        .map(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8))
        .toList();
  }

  @Test
  void noPasswordAppearsInTheConfigMapOrInAnyLiteralEnvValue() {
    DesiredState state = NatsRenderer.render(spec("given-Secret-42"), RenderOptions.defaults());
    Collection<String> passwords = secretValues(state);
    // Two users, the system user, the route password and the routes file made with it.
    assertThat(passwords).hasSize(5).contains("given-Secret-42");

    String configMap = Serialization.asYaml(only(state, ConfigMap.class));
    List<String> literalEnv =
        only(state, StatefulSet.class).getSpec().getTemplate().getSpec().getContainers().stream()
            .flatMap(c -> c.getEnv().stream())
            .map(EnvVar::getValue)
            .filter(v -> v != null)
            .toList();
    for (String password : passwords) {
      assertThat(configMap).doesNotContain(password);
      assertThat(literalEnv).noneMatch(v -> v.contains(password));
    }
    assertThat(configMap)
        .contains("password: $NATS_USER_ADMIN_PASSWORD", "password: $NATS_SYSTEM_PASSWORD");
  }

  @Test
  void onlyGeneratedKeysAreMarkedSoAGivenPasswordCanChange() {
    Secret secret = credentialsSecret(NatsRenderer.render(spec("given"), NatsSpecs.OPTIONS));
    assertThat(secret.getMetadata().getName()).isEqualTo("events-nats-credentials");
    assertThat(secret.getMetadata().getAnnotations())
        .containsEntry(
            MooringLabels.GENERATED_KEYS_ANNOTATION, "client,mooring-system,mooring-route");
    assertThat(secret.getData())
        .containsOnlyKeys("admin", "client", "mooring-system", "mooring-route", "routes.conf");
  }

  @Test
  void newlyGeneratedPasswordsStayOutOfTheConfigMapAndTheLiveOnesRollNothing() {
    DesiredState first = NatsRenderer.render(spec("given"), RenderOptions.defaults());
    DesiredState second = NatsRenderer.render(spec("given"), RenderOptions.defaults());
    assertThat(secretValues(first)).isNotEqualTo(secretValues(second));
    assertThat(only(first, ConfigMap.class)).isEqualTo(only(second, ConfigMap.class));

    // The next sync renders from the Secret the first one created: nothing differs, no pod rolls.
    DesiredState next =
        NatsRenderer.render(
            spec("given"), RenderOptions.defaults(), LiveSecrets.of(first.objects()));
    assertThat(next.objects()).isEqualTo(first.objects());
  }

  @Test
  void aConfigChangeChangesThePodTemplatesHash() {
    String before = hash(NatsSpecs.builder("events").user("admin", "a").build());
    String sameConfig =
        hash(NatsSpecs.builder("events").user("admin", "different-password").build());
    String moreUsers =
        hash(NatsSpecs.builder("events").user("admin", "a").user("billing", null).build());
    assertThat(sameConfig).isEqualTo(before);
    assertThat(moreUsers).isNotEqualTo(before);
  }

  private static String hash(NatsSpec spec) {
    return only(NatsRenderer.render(spec, NatsSpecs.OPTIONS), StatefulSet.class)
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(MooringLabels.CONFIG_HASH_ANNOTATION);
  }

  @Test
  void userNamesThatCannotBeSecretKeysOrShareAVariableAreRefused() {
    assertThatThrownBy(
            () ->
                credentials(
                    NatsSpecs.builder("e").user("bob smith", "x").build(), NatsSpecs.PASSWORDS))
        .isInstanceOf(NatsRenderException.class)
        .hasMessageContaining("spec.users.bob smith");
    assertThatThrownBy(
            () ->
                credentials(
                    NatsSpecs.builder("e").user("mooring-system", "x").build(),
                    NatsSpecs.PASSWORDS))
        .hasMessageContaining("reserved");
    assertThat(NatsCredentials.userEnvVar("a-b")).isNotEqualTo(NatsCredentials.userEnvVar("a.b"));
    assertThat(NatsCredentials.userEnvVar("user")).isNotEqualTo(NatsCredentials.userEnvVar("USER"));
  }

  @Test
  void givenPasswordsNatsServerWouldMisreadFromTheEnvironmentAreRefused() {
    for (String misread :
        List.of(
            "pw with space",
            "123456",
            "7e9Abc",
            "true",
            "ON",
            "a,b",
            "a;b",
            "a}b",
            "quo\"te",
            "a\\b")) {
      assertThatThrownBy(() -> credentials(spec(misread), NatsSpecs.PASSWORDS))
          .as(misread)
          .isInstanceOf(NatsRenderException.class)
          .hasMessageContaining("spec.users.admin.password")
          .hasMessageNotContaining(misread);
    }
    assertThat(NatsCredentials.readableFromEnvironment("p@ss:w0rd/x-1|$~")).isFalse();
    assertThat(NatsCredentials.readableFromEnvironment("p@ss:w0rd/x-1|~")).isTrue();
  }

  @Test
  void toStringNeverShowsAPassword() {
    PasswordGenerator generator = purpose -> "hunter2-" + purpose.length();
    NatsCredentials credentials = credentials(spec("given-pw"), generator);
    assertThat(credentials.all().toString()).doesNotContain("given-pw").doesNotContain("hunter2");
  }
}
