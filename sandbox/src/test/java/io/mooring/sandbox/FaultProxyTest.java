package io.mooring.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultProxyTest {
  private final ApplyingMockServer api = new ApplyingMockServer();
  private final KubernetesClient direct = api.createClient();
  private FaultProxy proxy;
  private KubernetesClient client;

  FaultProxyTest() throws Exception {
    proxy = new FaultProxy(api.url());
    client = proxy.createClient();
  }

  @AfterEach
  void close() {
    client.close();
    proxy.close();
    direct.close();
    api.close();
  }

  @Test
  void withoutFaultsRequestsPassAsIfThereWereNoProxy() {
    client.configMaps().inNamespace("default").resource(configMap("a")).create();

    assertThat(client.configMaps().inNamespace("default").withName("a").get().getData())
        .containsEntry("k", "v");
    assertThat(proxy.count("pass")).isEqualTo(2);
  }

  @Test
  void anInjectedErrorNeverReachesTheServer() {
    proxy.plan(request -> new Fault.Status(503));

    assertThatThrownBy(
            () -> client.configMaps().inNamespace("default").resource(configMap("a")).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(503));
    assertThat(direct.configMaps().inNamespace("default").withName("a").get()).isNull();
    assertThat(api.writes()).isZero();
  }

  @Test
  void throttlingNamesItsWaitWhereTheClientReadsIt() {
    proxy.plan(request -> new Fault.Throttle(7));

    assertThatThrownBy(() -> client.configMaps().inNamespace("default").withName("a").get())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(429);
              assertThat(e.getStatus().getDetails().getRetryAfterSeconds()).isEqualTo(7);
            });
  }

  @Test
  void aResetAfterForwardingLosesTheAnswerButNotTheWrite() {
    proxy.plan(request -> request.isWrite() ? new Fault.Reset(true) : Fault.PASS);

    assertThatThrownBy(
            () -> client.configMaps().inNamespace("default").resource(configMap("a")).create())
        .isInstanceOf(KubernetesClientException.class);
    assertThat(direct.configMaps().inNamespace("default").withName("a").get()).isNotNull();
    assertThat(proxy.counts()).containsEntry("reset-after-forwarding", 1L);
  }

  @Test
  void aResumedWatchMeetsGone() {
    direct.configMaps().inNamespace("default").resource(configMap("a")).create();
    String version =
        direct
            .configMaps()
            .inNamespace("default")
            .withName("a")
            .get()
            .getMetadata()
            .getResourceVersion();
    proxy.plan(request -> request.resumes() ? new Fault.Status(410) : Fault.PASS);

    assertThatThrownBy(
            () ->
                client
                    .configMaps()
                    .inNamespace("default")
                    .withResourceVersion(version)
                    .watch(new IgnoringWatcher()))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(410));
  }

  @Test
  void aCutWatchStreamIsOpenedAgainByTheClient() {
    proxy.plan(
        request -> request.watch() ? new Fault.CloseStream(Duration.ofMillis(100)) : Fault.PASS);

    try (var watch = client.configMaps().inNamespace("default").watch(new IgnoringWatcher())) {
      await("the watch is cut and opened again").until(() -> proxy.count("close-stream") >= 3);
    }
  }

  private static final class IgnoringWatcher implements Watcher<ConfigMap> {
    @Override
    public void eventReceived(Action action, ConfigMap resource) {}

    @Override
    public void onClose(WatcherException cause) {}
  }

  private static ConfigMap configMap(String name) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withData(Map.of("k", "v"))
        .build();
  }
}
