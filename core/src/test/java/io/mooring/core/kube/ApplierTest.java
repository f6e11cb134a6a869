package io.mooring.core.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.core.testing.SampleApps;
import io.mooring.sandbox.ApplyingMockServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApplierTest {
  private static final AppRef CACHE = new AppRef(AppKind.REDIS, "team-a", "cache");
  private final ApplyingMockServer server = new ApplyingMockServer();
  private final KubernetesClient client = server.createClient();
  private final Applier applier =
      new Applier(
          client,
          new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(2)));
  private final ConfigMap config = (ConfigMap) SampleApps.redis(CACHE, 1, "1Gi").objects().get(1);

  @AfterEach
  void close() {
    client.close();
    server.close();
  }

  @Test
  void applyCreatesThenUpdatesWithOneRequestEach() {
    applier.apply(config);
    ConfigMap changed =
        new ConfigMapBuilder(config).addToData("redis.conf", "appendonly no\n").build();
    applier.apply(changed);

    assertThat(server.requests("APPLY")).isEqualTo(2);
    assertThat(server.writes()).isEqualTo(2);
    assertThat(server.writeLog().get(0).path())
        .contains("fieldManager=mooring")
        .contains("force=true");
    assertThat(client.resource(config).get().getData())
        .containsEntry("redis.conf", "appendonly no\n");
  }

  @Test
  void aReplicaThatMayNotWriteMakesNoRequestAtAll() {
    java.util.concurrent.atomic.AtomicBoolean leader =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    Applier gated =
        new Applier(
            client,
            new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(2)),
            leader::get);
    gated.apply(config);
    leader.set(false);

    assertThatThrownBy(() -> gated.apply(config))
        .isInstanceOf(ApplyException.class)
        .hasMessageContaining("not the leader");
    assertThatThrownBy(() -> gated.delete(config)).isInstanceOf(ApplyException.class);
    assertThat(server.writes()).isEqualTo(1);
  }

  @Test
  void aReplicaWritesOnlyTheAppsItOwns() {
    AppRef other = new AppRef(AppKind.REDIS, "team-a", "other");
    ConfigMap othersConfig = (ConfigMap) SampleApps.redis(other, 1, "1Gi").objects().get(1);
    Applier sharded =
        new Applier(
            client,
            new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(2)),
            app -> CACHE.equals(app));

    sharded.apply(config);

    assertThatThrownBy(() -> sharded.apply(othersConfig)).isInstanceOf(ApplyException.class);
    assertThat(server.writes()).isEqualTo(1);
  }

  @Test
  void throttlingAndServerErrorsAreRetried() {
    server.failNextWrites(429, 1);
    applier.apply(config);
    server.failNextWrites(503, 1);
    applier.labelRetained(config);

    assertThat(server.requests("APPLY")).isEqualTo(2);
    assertThat(server.requests("PATCH")).isEqualTo(2);
    assertThat(client.resource(config).get().getMetadata().getLabels())
        .containsEntry(MooringLabels.RETAINED, "true");
  }

  @Test
  void aPersistentFailureGivesUpAfterTheLastAttemptNamingTheObjectOnly() {
    Secret secret = (Secret) SampleApps.redis(CACHE, 1, "1Gi").objects().get(0);
    server.failNextWrites(500, 10);

    assertThatThrownBy(() -> applier.apply(secret))
        .isInstanceOf(ApplyException.class)
        .hasMessageStartingWith("apply of Secret team-a/cache-auth failed")
        .hasMessageNotContaining(secret.getData().get("password"));
    assertThat(server.requests("APPLY")).isEqualTo(3);
  }

  @Test
  void clientErrorsAreNotRetried() {
    server.failNextWrites(422, 1);

    assertThatThrownBy(() -> applier.apply(config)).isInstanceOf(ApplyException.class);
    assertThat(server.requests("APPLY")).isEqualTo(1);
  }

  private static String decoded(Secret secret, String key) {
    return new String(
        java.util.Base64.getDecoder().decode(secret.getData().get(key)),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void secretKeysAreSetAndRemovedByPatchAndSurviveTheNextApply() {
    Secret desired = (Secret) SampleApps.redis(CACHE, 1, "1Gi").objects().get(0);
    Secret secret = (Secret) applier.apply(desired);
    String password = decoded(secret, "password");

    Secret added =
        (Secret)
            applier.patchSecretData(
                secret, java.util.Map.of("next-password", java.util.Optional.of("n3w")));
    applier.apply(desired);
    Secret stored = client.resource(secret).get();
    assertThat(decoded(stored, "next-password")).isEqualTo("n3w");
    assertThat(decoded(stored, "password")).isEqualTo(password);

    applier.patchSecretData(
        added,
        java.util.Map.of(
            "next-password", java.util.Optional.empty(),
            "previous-password", java.util.Optional.empty()));
    assertThat(client.resource(secret).get().getData())
        .containsOnlyKeys("password")
        .containsEntry("password", secret.getData().get("password"));
  }

  @Test
  void aRefusedSecretPatchNamesTheKeysButNoValue() {
    Secret secret = (Secret) applier.apply(SampleApps.redis(CACHE, 1, "1Gi").objects().get(0));
    server.failNextWrites(422, 1);

    assertThatThrownBy(
            () ->
                applier.patchSecretData(
                    secret, java.util.Map.of("next-password", java.util.Optional.of("s3cr3t-v4l"))))
        .isInstanceOf(ApplyException.class)
        .hasMessageContaining("next-password")
        .hasMessageContaining("HTTP 422")
        .hasMessageNotContaining("s3cr3t-v4l")
        .hasMessageNotContaining(
            java.util.Base64.getEncoder()
                .encodeToString("s3cr3t-v4l".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void expandsAClaimAndDeletesWithForegroundPropagation() {
    StatefulSet set =
        (StatefulSet)
            SampleApps.redis(CACHE, 1, "1Gi").objects().stream()
                .filter(StatefulSet.class::isInstance)
                .findFirst()
                .orElseThrow();
    PersistentVolumeClaim claim = client.resource(SampleApps.claimOf(set, 0)).create();

    applier.expandVolume(claim, new Quantity("5Gi"));
    applier.apply(config);
    applier.delete(config);

    assertThat(client.resource(claim).get().getSpec().getResources().getRequests().get("storage"))
        .isEqualTo(new Quantity("5Gi"));
    assertThat(client.resource(config).get()).isNull();
    assertThat(server.writeLog())
        .filteredOn(w -> w.verb().equals("DELETE"))
        .singleElement()
        .satisfies(w -> assertThat(w.body()).contains("\"propagationPolicy\":\"Foreground\""));
  }
}
