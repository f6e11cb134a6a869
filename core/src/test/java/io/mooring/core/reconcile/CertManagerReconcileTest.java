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
import io.mooring.core.render.redis.RedisRenderer;
import io.mooring.core.render.rediscluster.RedisClusterRenderer;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.spec.RedisSpec;
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
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Redis app (a RedisInstance and a RedisCluster) whose certificate cert-manager issues, through
 * the engine on a mock API that serves cert-manager's Certificate kind: the app waits for the
 * Secret, takes its CA once cert-manager wrote it, never writes or prunes it, and reloads its
 * servers (every node of every shard, for a cluster) when cert-manager renews it.
 */
class CertManagerReconcileTest {
  private static final ResourceDefinitionContext CERTIFICATES =
      new ResourceDefinitionContext.Builder()
          .withGroup("cert-manager.io")
          .withVersion("v1")
          .withKind("Certificate")
          .withPlural("certificates")
          .withNamespaced(true)
          .build();

  /**
   * One kind of app: its spec, renderer and names, the StatefulSets its servers run in (by name,
   * with their replicas) and how a reload of all of them is recorded.
   */
  record Kind(
      String yaml,
      AppRenderer renderer,
      String tlsSecret,
      String connectionSecret,
      Map<String, Integer> statefulSets,
      String reloadOfAll,
      UnaryOperator<AppSpec> withOwnCa) {
    @Override
    public String toString() {
      return tlsSecret;
    }
  }

  static Stream<Kind> kinds() {
    return Stream.of(
        new Kind(
            """
            apiVersion: cache.hera.io/v1alpha1
            kind: RedisInstance
            metadata: {name: cache, namespace: shop}
            spec:
              tls:
                enabled: true
                issuerRef: {name: shop-ca, kind: Issuer}
            """,
            (s, live) -> RedisRenderer.render((RedisSpec) s, RenderOptions.defaults(), live),
            "cache-redis-tls",
            "cache-redis-conn",
            Map.of("cache-redis", 1),
            "1 server",
            s -> ((RedisSpec) s).withTls(RedisTls.OWN_CA)),
        new Kind(
            """
            apiVersion: cache.hera.io/v1alpha1
            kind: RedisCluster
            metadata: {name: cache, namespace: shop}
            spec:
              masters: 3
              tls:
                enabled: true
                issuerRef: {name: shop-ca, kind: Issuer}
            """,
            (s, live) ->
                RedisClusterRenderer.render((RedisClusterSpec) s, RenderOptions.defaults(), live),
            "cache-cluster-tls",
            "cache-cluster-conn",
            Map.of("cache-shard-0", 2, "cache-shard-1", 2, "cache-shard-2", 2),
            "3 shards of 2 nodes",
            s -> ((RedisClusterSpec) s).withTls(RedisTls.OWN_CA)));
  }

  private final ApplyingMockServer server = new ApplyingMockServer();
  private final KubernetesClient client = server.createClient();
  private final CertManagerIssuer issuer = new CertManagerIssuer("shop-ca", Clock.systemUTC());
  private final List<String> reloadedCertificates = new CopyOnWriteArrayList<>();
  private ClusterCache cache;
  private Reconciler reconciler;
  private Kind kind;

  /** The mock API serves cert-manager's kind before the cache starts, as on a cluster with it. */
  private AppSpec start(Kind of) {
    kind = of;
    installCertManagersKind();
    cache = ClusterCache.start(client, List.of(), Duration.ofSeconds(10));
    reconciler =
        new Reconciler(
            kind.renderer(),
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
                    reloaded(replicas + " server");
                  }

                  @Override
                  public void reloadCluster(AppRef app, int masters, int nodesPerShard) {
                    reloaded(masters + " shards of " + nodesPerShard + " nodes");
                  }
                }));
    return parse(kind.yaml());
  }

  @AfterEach
  void close() {
    if (cache != null) {
      cache.close();
    }
    client.close();
    server.close();
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void theAppWaitsForCertManagerThenCarriesItsCaAndLeavesItsSecretAlone(Kind of) {
    AppSpec spec = start(of);
    AppResult waiting = reconciler.reconcile(spec, "0a1b2c", Trigger.CLI);

    assertThat(waiting).isInstanceOf(AppResult.Synced.class);
    assertThat(certificateHealth(waiting).status()).isEqualTo(HealthStatus.PROGRESSING);
    assertThat(certificateHealth(waiting).message())
        .isEqualTo("waiting for cert-manager to issue Secret " + kind.tlsSecret());
    assertThat(client.secrets().inNamespace("shop").withName(kind.tlsSecret()).get())
        .as("Mooring never writes cert-manager's Secret")
        .isNull();
    assertThat(connection().getData()).doesNotContainKey("REDIS_CA_CERT");

    Secret issued = issue();
    AppResult ready = reconciler.reconcile(spec, "0a1b2c", Trigger.CLI);

    assertThat(certificateHealth(ready).status()).isEqualTo(HealthStatus.HEALTHY);
    assertThat(certificateHealth(ready).message())
        .isEqualTo("issued into Secret " + kind.tlsSecret());
    assertThat(decoded(connection(), "REDIS_CA_CERT")).isEqualTo(issuer.caPem());
    assertThat(client.secrets().inNamespace("shop").withName(kind.tlsSecret()).get().getData())
        .as("neither pruned nor overwritten")
        .isEqualTo(issued.getData());

    server.resetCounts();
    AppResult again = reconciler.reconcile(spec, "0a1b2c", Trigger.CLI);

    assertThat(again.changes()).isEmpty();
    assertThat(server.writes()).isZero();
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void aRenewalByCertManagerSyncsTheAppAndItsServersReloadTheNewCertificate(Kind of) {
    AppSpec spec = start(of);
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
        .as("every server")
        .containsExactly(kind.reloadOfAll() + " " + decoded(renewed, ServerCertificate.CERT_KEY));
    assertThat(client.secrets().inNamespace("shop").withName(kind.tlsSecret()).get().getData())
        .isEqualTo(renewed.getData());
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void droppingTheIssuerPrunesTheCertificateAndTheOwnCaSignsIntoTheSameSecret(Kind of) {
    AppSpec spec = start(of);
    reconciler.reconcile(spec, "0a1b2c", Trigger.CLI);
    issue();
    reconciler.reconcile(spec, "0a1b2c", Trigger.CLI);

    AppResult switched = reconciler.reconcile(kind.withOwnCa().apply(spec), "0a1b2d", Trigger.CLI);

    assertThat(switched).isInstanceOf(AppResult.Synced.class);
    assertThat(
            client
                .genericKubernetesResources(CERTIFICATES)
                .inNamespace("shop")
                .withName(kind.tlsSecret())
                .get())
        .isNull();
    Secret namespaceCa =
        client.secrets().inNamespace("shop").withName(NamespaceCa.SECRET_NAME).get();
    Secret tls = client.secrets().inNamespace("shop").withName(kind.tlsSecret()).get();
    assertThat(decoded(tls, ServerCertificate.CA_KEY))
        .isEqualTo(decoded(namespaceCa, NamespaceCa.CERT_KEY))
        .isNotEqualTo(issuer.caPem());
    assertThat(decoded(connection(), "REDIS_CA_CERT"))
        .isEqualTo(decoded(namespaceCa, NamespaceCa.CERT_KEY));
  }

  private void reloaded(String servers) {
    Secret secret = (Secret) cache.get(new ObjectKey("Secret", "shop", kind.tlsSecret()));
    reloadedCertificates.add(servers + " " + decoded(secret, ServerCertificate.CERT_KEY));
  }

  /** What cert-manager does once its issuer signed: writes the Secret the Certificate names. */
  private Secret issue() {
    GenericKubernetesResource certificate =
        client
            .genericKubernetesResources(CERTIFICATES)
            .inNamespace("shop")
            .withName(kind.tlsSecret())
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

  /** What the StatefulSet controller reports once every server of the app runs. */
  private void markReady() {
    kind.statefulSets()
        .forEach(
            (name, replicas) -> {
              StatefulSet set =
                  client.apps().statefulSets().inNamespace("shop").withName(name).get();
              assertThat(set).as(name).isNotNull();
              StatefulSet ready =
                  new StatefulSetBuilder(set)
                      .withNewStatus()
                      .withReplicas(replicas)
                      .withReadyReplicas(replicas)
                      .withObservedGeneration(set.getMetadata().getGeneration())
                      .endStatus()
                      .build();
              StatefulSet stored = client.apps().statefulSets().resource(ready).updateStatus();
              assertThat(
                      cache.awaitObserved(
                          Map.of(ObjectKey.of(stored), stored.getMetadata().getResourceVersion()),
                          Duration.ofSeconds(10)))
                  .isTrue();
            });
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

  private ObjectHealth certificateHealth(AppResult result) {
    ObjectKey certificate = new ObjectKey("Certificate", "shop", kind.tlsSecret());
    return ((AppResult.Synced) result)
        .objects().stream()
            .filter(h -> h.key().equals(certificate))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no health of the Certificate: " + result));
  }

  private Secret connection() {
    return client.secrets().inNamespace("shop").withName(kind.connectionSecret()).get();
  }

  private static AppSpec parse(String yaml) {
    SpecParseResult parsed =
        SpecParser.standard(SpecParserOptions.defaults())
            .parse(List.of(SpecFile.of("apps/cache.yaml", yaml)));
    assertThat(parsed.errors()).isEmpty();
    return parsed.specs().get(0);
  }
}
