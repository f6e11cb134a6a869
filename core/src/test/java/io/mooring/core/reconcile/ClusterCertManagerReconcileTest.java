package io.mooring.core.reconcile;

import static io.mooring.core.testing.RenderedObjects.decoded;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.health.HealthStatus;
import io.mooring.core.health.ObjectHealth;
import io.mooring.core.kube.Applier;
import io.mooring.core.kube.ClusterCache;
import io.mooring.core.kube.RetryPolicy;
import io.mooring.core.metrics.DriftMetrics;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.render.rediscluster.RedisClusterRenderer;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.spec.RedisTls;
import io.mooring.core.spec.SpecFile;
import io.mooring.core.spec.SpecParseResult;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import io.mooring.core.testing.CertManagerIssuer;
import io.mooring.core.tls.NamespaceCa;
import io.mooring.core.tls.ServerCertificate;
import io.mooring.sandbox.ApplyingMockServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis Cluster whose node certificate cert-manager issues, through the engine on a mock API that
 * serves cert-manager's Certificate kind: the app waits for the Secret, takes its CA once
 * cert-manager wrote it, never writes or prunes it, and reloads every node when cert-manager renews
 * it.
 */
class ClusterCertManagerReconcileTest {
  private static final String SPEC =
      """
      apiVersion: cache.hera.io/v1alpha1
      kind: RedisCluster
      metadata: {name: cache, namespace: shop}
      spec:
        masters: 3
        tls:
          enabled: true
          issuerRef: {name: shop-ca, kind: Issuer}
      """;
  private static final ResourceDefinitionContext CERTIFICATES =
      new ResourceDefinitionContext.Builder()
          .withGroup("cert-manager.io")
          .withVersion("v1")
          .withKind("Certificate")
          .withPlural("certificates")
          .withNamespaced(true)
          .build();

  private final ApplyingMockServer server = new ApplyingMockServer();
  private final KubernetesClient client = server.createClient();
  private final ClusterCache cache;
  private final List<String> reloadedCertificates = new CopyOnWriteArrayList<>();
  private final Reconciler reconciler;
  private final RedisClusterSpec spec = parse();
  private final CertManagerIssuer issuer = new CertManagerIssuer("shop-ca", Clock.systemUTC());

  ClusterCertManagerReconcileTest() {
    installCertManagersKind();
    cache = ClusterCache.start(client, List.of(), Duration.ofSeconds(10));
    reconciler =
        new Reconciler(
            (s, live) ->
                RedisClusterRenderer.render((RedisClusterSpec) s, RenderOptions.defaults(), live),
            cache,
            new Applier(
                client,
                new RetryPolicy(
                    3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5))),
            new DriftMetrics(new SimpleMeterRegistry()),
            ReconcileOptions.defaults(),
            ServerHooks.NONE.withTlsReload(
                new TlsReloadHook() {
                  @Override
                  public void reload(AppRef app, int replicas) {
                    throw new AssertionError("a cluster reloads as a cluster");
                  }

                  @Override
                  public void reloadCluster(AppRef app, int masters, int nodesPerShard) {
                    reloadedCertificates.add(
                        masters + "x" + nodesPerShard + " " + liveTls(ServerCertificate.CERT_KEY));
                  }
                }));
  }

  @AfterEach
  void close() {
    cache.close();
    client.close();
    server.close();
  }

  @Test
  void theAppWaitsForCertManagerThenCarriesItsCaAndLeavesItsSecretAlone() {
    AppResult waiting = reconciler.reconcile(spec, "0a1b2c", Trigger.CLI);

    assertThat(waiting).isInstanceOf(AppResult.Synced.class);
    assertThat(certificateHealth(waiting).status()).isEqualTo(HealthStatus.PROGRESSING);
    assertThat(certificateHealth(waiting).message())
        .isEqualTo("waiting for cert-manager to issue Secret cache-cluster-tls");
    assertThat(client.secrets().inNamespace("shop").withName("cache-cluster-tls").get())
        .as("Mooring never writes cert-manager's Secret")
        .isNull();
    assertThat(connection().getData()).doesNotContainKey("REDIS_CA_CERT");

    Secret issued = issue();
    AppResult ready = reconciler.reconcile(spec, "0a1b2c", Trigger.CLI);

    assertThat(certificateHealth(ready).status()).isEqualTo(HealthStatus.HEALTHY);
    assertThat(certificateHealth(ready).message())
        .isEqualTo("issued into Secret cache-cluster-tls");
    assertThat(decoded(connection(), "REDIS_CA_CERT")).isEqualTo(issuer.caPem());
    assertThat(client.secrets().inNamespace("shop").withName("cache-cluster-tls").get().getData())
        .as("neither pruned nor overwritten")
        .isEqualTo(issued.getData());

    server.resetCounts();
    AppResult again = reconciler.reconcile(spec, "0a1b2c", Trigger.CLI);

    assertThat(again.changes()).isEmpty();
    assertThat(server.writes()).isZero();
  }

  @Test
  void aRenewalByCertManagerSyncsTheAppAndItsServersReloadTheNewCertificate() {
    reconciler.reconcile(spec, "0a1b2c", Trigger.CLI);
    issue();
    reconciler.reconcile(spec, "0a1b2c", Trigger.CLI);
    markReady();
    reconciler.reconcile(spec, "0a1b2c", Trigger.CLI);
    reloadedCertificates.clear();

    Secret renewed = issue();
    AppResult afterRenewal = reconciler.reconcile(spec, "0a1b2c", Trigger.CLI);

    assertThat(afterRenewal).isInstanceOf(AppResult.Synced.class);
    assertThat(reloadedCertificates)
        .as("every node of every shard")
        .containsExactly("3x2 " + decoded(renewed, ServerCertificate.CERT_KEY));
    assertThat(client.secrets().inNamespace("shop").withName("cache-cluster-tls").get().getData())
        .isEqualTo(renewed.getData());
  }

  @Test
  void droppingTheIssuerPrunesTheCertificateAndTheOwnCaSignsIntoTheSameSecret() {
    reconciler.reconcile(spec, "0a1b2c", Trigger.CLI);
    issue();
    reconciler.reconcile(spec, "0a1b2c", Trigger.CLI);
    RedisClusterSpec ownCa = spec.withTls(RedisTls.OWN_CA);

    AppResult switched = reconciler.reconcile(ownCa, "0a1b2d", Trigger.CLI);

    assertThat(switched).isInstanceOf(AppResult.Synced.class);
    assertThat(
            client
                .genericKubernetesResources(CERTIFICATES)
                .inNamespace("shop")
                .withName("cache-cluster-tls")
                .get())
        .isNull();
    Secret namespaceCa =
        client.secrets().inNamespace("shop").withName(NamespaceCa.SECRET_NAME).get();
    Secret tls = client.secrets().inNamespace("shop").withName("cache-cluster-tls").get();
    assertThat(decoded(tls, ServerCertificate.CA_KEY))
        .isEqualTo(decoded(namespaceCa, NamespaceCa.CERT_KEY))
        .isNotEqualTo(issuer.caPem());
    assertThat(decoded(connection(), "REDIS_CA_CERT"))
        .isEqualTo(decoded(namespaceCa, NamespaceCa.CERT_KEY));
  }

  /** What cert-manager does once its issuer signed: writes the Secret the Certificate names. */
  private Secret issue() {
    GenericKubernetesResource certificate =
        client
            .genericKubernetesResources(CERTIFICATES)
            .inNamespace("shop")
            .withName("cache-cluster-tls")
            .get();
    assertThat(certificate).as("the Certificate Mooring applied").isNotNull();
    Secret secret = issuer.issue(certificate);
    // cert-manager writes its Secrets with server-side apply, as its own field manager.
    Secret stored =
        client
            .secrets()
            .inNamespace("shop")
            .resource(secret)
            .fieldManager("cert-manager-certificates-issuing")
            .forceConflicts()
            .serverSideApply();
    boolean seen =
        cache.awaitObserved(
            Map.of(ObjectKey.of(stored), stored.getMetadata().getResourceVersion()),
            Duration.ofSeconds(10));
    assertThat(seen).as("the cache sees cert-manager's Secret").isTrue();
    return stored;
  }

  private void markReady() {
    for (int shard = 0; shard < 3; shard++) {
      String name = "cache-shard-" + shard;
      StatefulSet set = client.apps().statefulSets().inNamespace("shop").withName(name).get();
      assertThat(set).as(name).isNotNull();
      StatefulSet ready =
          new StatefulSetBuilder(set)
              .withNewStatus()
              .withReplicas(2)
              .withReadyReplicas(2)
              .withObservedGeneration(set.getMetadata().getGeneration())
              .endStatus()
              .build();
      StatefulSet stored = client.apps().statefulSets().resource(ready).updateStatus();
      assertThat(
              cache.awaitObserved(
                  Map.of(ObjectKey.of(stored), stored.getMetadata().getResourceVersion()),
                  Duration.ofSeconds(10)))
          .isTrue();
    }
  }

  private void installCertManagersKind() {
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(
            new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName("certificates.cert-manager.io")
                .endMetadata()
                .withNewSpec()
                .withGroup("cert-manager.io")
                .withScope("Namespaced")
                .withNewNames()
                .withKind("Certificate")
                .withListKind("CertificateList")
                .withPlural("certificates")
                .withSingular("certificate")
                .endNames()
                .addNewVersion()
                .withName("v1")
                .withServed(true)
                .withStorage(true)
                .endVersion()
                .endSpec()
                .build())
        .create();
  }

  private static ObjectHealth certificateHealth(AppResult result) {
    return ((AppResult.Synced) result)
        .objects().stream()
            .filter(h -> h.key().equals(new ObjectKey("Certificate", "shop", "cache-cluster-tls")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no health of the Certificate: " + result));
  }

  private Secret connection() {
    return client.secrets().inNamespace("shop").withName("cache-cluster-conn").get();
  }

  private String liveTls(String key) {
    Secret secret = (Secret) cache.get(new ObjectKey("Secret", "shop", "cache-cluster-tls"));
    return decoded(secret, key);
  }

  private static RedisClusterSpec parse() {
    SpecParseResult parsed =
        SpecParser.standard(SpecParserOptions.defaults())
            .parse(List.of(SpecFile.of("apps/cache.yaml", SPEC)));
    assertThat(parsed.errors()).isEmpty();
    return (RedisClusterSpec) parsed.specs().get(0);
  }
}
