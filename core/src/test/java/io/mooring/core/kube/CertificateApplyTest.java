package io.mooring.core.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.sandbox.ApplyingMockServer;
import io.mooring.sandbox.Fault;
import io.mooring.sandbox.FaultProxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** cert-manager's Certificates are written by their known API, whether or not it is discovered. */
class CertificateApplyTest {
  private static final AppRef CACHE = new AppRef(AppKind.REDIS, "shop", "cache");
  private final ApplyingMockServer server = new ApplyingMockServer();
  private final FaultProxy proxy;
  private final KubernetesClient client;
  private final Applier applier;

  CertificateApplyTest() throws Exception {
    proxy = new FaultProxy(server.url());
    client = proxy.createClient();
    applier =
        new Applier(
            client,
            new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(2)));
  }

  @AfterEach
  void close() {
    client.close();
    proxy.close();
    server.close();
  }

  @Test
  void aCertificateIsAppliedAndDeletedAtCertManagersPath() {
    applier.apply(certificate());
    applier.delete(certificate());

    assertThat(server.writeLog())
        .extracting(ApplyingMockServer.Write::path)
        .allSatisfy(
            path ->
                assertThat(path)
                    .startsWith(
                        "/apis/cert-manager.io/v1/namespaces/shop/certificates/cache-redis-tls"));
    assertThat(server.writeLog()).hasSize(2);
  }

  @Test
  void aClusterWithoutCertManagerFailsTheApplyWithAMessageThatSaysSo() {
    proxy.plan(
        request ->
            request.path().contains("/cert-manager.io/") ? new Fault.Status(404) : Fault.PASS);

    assertThatThrownBy(() -> applier.apply(certificate()))
        .isInstanceOf(ApplyException.class)
        .hasMessage(
            "apply of Certificate shop/cache-redis-tls failed: this cluster does not serve"
                + " cert-manager's Certificate (cert-manager.io/v1): install cert-manager, or"
                + " remove tls.issuerRef to have Mooring sign the certificates with the"
                + " namespace's own CA");
    assertThat(server.writes()).isZero();
  }

  @Test
  void aCacheOnAClusterWithoutCertManagerStartsWithoutWatchingCertificates() {
    // A real API server without cert-manager answers 404 to its discovery, lists and watches: a
    // watch of Certificates there would never list, and the cache would never start.
    proxy.plan(
        request ->
            request.path().contains("/cert-manager.io/") ? new Fault.Status(404) : Fault.PASS);

    try (ClusterCache cache = ClusterCache.start(client, List.of(), Duration.ofSeconds(5))) {
      assertThat(cache.watching()).isTrue();
      assertThat(cache.liveObjects(CACHE)).isEmpty();
    }
  }

  private static GenericKubernetesResource certificate() {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("cert-manager.io/v1")
        .withKind("Certificate")
        .withNewMetadata()
        .withName("cache-redis-tls")
        .withNamespace("shop")
        .withLabels(
            Map.of(
                MooringLabels.MANAGED_BY,
                MooringLabels.MANAGER,
                MooringLabels.APP,
                CACHE.labelValue()))
        .endMetadata()
        .addToAdditionalProperties("spec", Map.of("secretName", "cache-redis-tls"))
        .build();
  }
}
