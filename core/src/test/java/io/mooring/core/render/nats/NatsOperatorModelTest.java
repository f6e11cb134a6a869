package io.mooring.core.render.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.NatsSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Operator mode as rendered: where keys go, and that they stay put across renders. */
class NatsOperatorModelTest {
  private static final Map<String, Object> RESOLVER = Map.of("type", "full");

  private static NatsSpec spec(String... users) {
    NatsSpecs.Builder builder = NatsSpecs.builder("ledger").resolver(RESOLVER);
    for (String user : users) {
      builder.user(user, "ignored-Pw.1");
    }
    return builder.build();
  }

  private static DesiredState render(NatsSpec spec, LiveSecrets live) {
    return NatsRenderer.render(spec, RenderOptions.defaults(), live);
  }

  private static NatsNames names(NatsSpec spec) {
    return new NatsNames(spec.ref(), "cluster.local");
  }

  private static Secret secret(DesiredState state, String name) {
    return state.objects().stream()
        .filter(Secret.class::isInstance)
        .map(Secret.class::cast)
        .filter(s -> s.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Secret " + name));
  }

  private static String value(Secret secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  private static <T extends HasMetadata> T only(DesiredState state, Class<T> type) {
    return state.objects().stream()
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void seedsAndJwtsLiveInSecretsAndTheConfigMapOnlyIncludesThem() {
    NatsSpec spec = spec("orders", "audit");
    NatsNames names = names(spec);
    DesiredState state = render(spec, LiveSecrets.NONE);

    assertThat(state.objects())
        .filteredOn(Secret.class::isInstance)
        .extracting(o -> o.getMetadata().getName())
        .containsExactlyInAnyOrder(
            names.credentialsSecret(),
            "ledger-nats-conn",
            names.operatorSecret(),
            names.userSecret("orders"),
            names.userSecret("audit"));
    Secret operator = secret(state, names.operatorSecret());
    assertThat(operator.getMetadata().getAnnotations())
        .containsEntry(
            MooringLabels.GENERATED_KEYS_ANNOTATION,
            "operator.seed,system-account.seed,app-account.seed,mooring-system.seed,"
                + "signing-key.orders.seed,signing-key.audit.seed");
    assertThat(secret(state, names.userSecret("orders")).getMetadata().getAnnotations())
        .containsEntry(MooringLabels.GENERATED_KEYS_ANNOTATION, "user.seed");
    assertThat(secret(state, "ledger-nats-conn").getData())
        .as("users log in with creds files: the connection Secret has no login")
        .containsEntry("NATS_USER", "")
        .containsEntry("NATS_PASSWORD", "");
    assertThat(secret(state, names.credentialsSecret()).getData())
        .as("no user passwords in operator mode, only the routes' login")
        .containsOnlyKeys(NatsRouteAuth.PASSWORD_KEY, NatsRouteAuth.FILE_KEY);

    String conf = only(state, ConfigMap.class).getData().get(NatsConfigModel.CONFIG_KEY);
    assertThat(conf)
        .contains("include \"../nats-secret/operator.conf\"")
        .contains("resolver {\n  type: \"full\"\n  dir: \"/data/resolver\"\n}")
        .doesNotContain("accounts")
        .doesNotContain("eyJ");
    for (String key : operator.getData().keySet()) {
      String secretValue = value(operator, key);
      assertThat(conf).doesNotContain(secretValue);
    }
    StatefulSet set = only(state, StatefulSet.class);
    assertThat(set.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .noneMatch(env -> env.getName().endsWith("_PASSWORD"));
  }

  @Test
  void aRenderFromTheLiveSecretsReproducesEveryObject() {
    NatsSpec spec = spec("orders", "audit");
    DesiredState first = render(spec, LiveSecrets.NONE);
    DesiredState fresh = render(spec, LiveSecrets.NONE);
    DesiredState next = render(spec, LiveSecrets.of(first.objects()));

    assertThat(fresh.objects())
        .as("new keys each time nothing is live")
        .isNotEqualTo(first.objects());
    assertThat(next.objects()).isEqualTo(first.objects());
  }

  @Test
  void addingAndRemovingUsersKeepsTheOperatorAccountsAndOtherUsersCreds() {
    NatsSpec before = spec("orders", "audit");
    NatsNames names = names(before);
    DesiredState first = render(before, LiveSecrets.NONE);
    DesiredState second = render(spec("orders", "billing"), LiveSecrets.of(first.objects()));

    Secret operatorBefore = secret(first, names.operatorSecret());
    Secret operatorAfter = secret(second, names.operatorSecret());
    for (String key :
        List.of(
            NatsOperatorModel.OPERATOR_SEED,
            NatsOperatorModel.SYSTEM_ACCOUNT_SEED,
            NatsOperatorModel.APP_ACCOUNT_SEED,
            NatsOperatorModel.OPERATOR_JWT,
            NatsOperatorModel.SYSTEM_ACCOUNT_JWT,
            NatsNames.SYSTEM_CREDS_KEY,
            NatsOperatorModel.signingKeySeed("orders"))) {
      assertThat(value(operatorAfter, key)).as(key).isEqualTo(value(operatorBefore, key));
    }
    assertThat(operatorAfter.getData())
        .containsKey(NatsOperatorModel.signingKeySeed("billing"))
        .doesNotContainKey(NatsOperatorModel.signingKeySeed("audit"));
    assertThat(secret(second, names.userSecret("orders")))
        .isEqualTo(secret(first, names.userSecret("orders")));

    JsonNode appBefore = appAccount(operatorBefore);
    JsonNode appAfter = appAccount(operatorAfter);
    assertThat(appAfter.path("iat").asLong()).isEqualTo(appBefore.path("iat").asLong() + 1);
    assertThat(signingKeys(appBefore)).hasSize(2);
    assertThat(signingKeys(appAfter)).hasSize(2).containsAnyElementsOf(signingKeys(appBefore));
    assertThat(signingKeys(appAfter)).isNotEqualTo(signingKeys(appBefore));
  }

  @Test
  void aKeptSeedThatIsNoSeedStopsTheRenderWithoutShowingIt() {
    NatsSpec spec = spec("orders");
    NatsNames names = names(spec);
    DesiredState first = render(spec, LiveSecrets.NONE);
    Secret operator = secret(first, names.operatorSecret());
    Secret broken =
        new SecretBuilder(operator)
            .addToData(
                NatsOperatorModel.APP_ACCOUNT_SEED,
                Base64.getEncoder()
                    .encodeToString("hunter2-not-a-seed".getBytes(StandardCharsets.UTF_8)))
            .build();
    List<HasMetadata> live = new ArrayList<>(first.objects());
    live.remove(operator);
    live.add(broken);

    assertThatThrownBy(() -> render(spec, LiveSecrets.of(live)))
        .isInstanceOf(NatsRenderException.class)
        .hasMessageContaining(names.operatorSecret())
        .hasMessageContaining(NatsOperatorModel.APP_ACCOUNT_SEED)
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void withoutJetStreamTheResolverGetsAVolumeOfItsOwn() {
    NatsSpec spec =
        NatsSpecs.builder("ledger")
            .jetstream(false, "1Gi")
            .user("app", null)
            .resolver(RESOLVER)
            .build();
    StatefulSet set = only(render(spec, LiveSecrets.NONE), StatefulSet.class);
    PersistentVolumeClaim claim = set.getSpec().getVolumeClaimTemplates().get(0);
    assertThat(set.getSpec().getVolumeClaimTemplates()).hasSize(1);
    assertThat(claim.getMetadata().getName()).isEqualTo(NatsClusterModel.RESOLVER_VOLUME);
    assertThat(claim.getSpec().getResources().getRequests().get("storage").toString())
        .isEqualTo(NatsClusterModel.RESOLVER_VOLUME_SIZE);
    assertThat(set.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts())
        .anySatisfy(
            mount -> {
              assertThat(mount.getName()).isEqualTo(NatsClusterModel.RESOLVER_VOLUME);
              assertThat(mount.getMountPath()).isEqualTo(NatsSpec.DATA_DIR);
            });
  }

  private static JsonNode appAccount(Secret operator) {
    return NatsJwt.payload(value(operator, NatsOperatorModel.APP_ACCOUNT_JWT)).orElseThrow();
  }

  private static List<String> signingKeys(JsonNode account) {
    List<String> keys = new ArrayList<>();
    account.path("nats").path("signing_keys").forEach(key -> keys.add(key.asText()));
    return keys;
  }
}
