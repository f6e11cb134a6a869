package io.mooring.cli;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mooring.sandbox.ApplyingMockServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Per test: a mock API server, a client on it, and a kubeconfig file that the CLI is pointed at.
 */
final class SandboxCluster implements BeforeEachCallback, AfterEachCallback {
  ApplyingMockServer server;
  KubernetesClient client;
  String kubeconfig;
  private Path kubeconfigFile;

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    server = new ApplyingMockServer();
    client = server.createClient();
    kubeconfigFile = Files.createTempFile("kubeconfig", ".yaml");
    server.writeKubeconfig(kubeconfigFile);
    kubeconfig = kubeconfigFile.toString();
  }

  /**
   * Runs a CLI command against this cluster and waits until the mock API answers promptly again.
   * When a command ends, its watches close, and fabric8's mock server handles a closing watch by
   * blocking its event loop (for up to its 30 s write timeout) while undelivered events drain; the
   * next command would then see requests time out. A real API server does not block on closed
   * watches.
   */
  CliRun cli(String... args) {
    CliRun run = CliRun.of(args);
    awaitResponsive();
    return run;
  }

  private void awaitResponsive() {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create(server.url() + "api/v1/namespaces"))
            .timeout(Duration.ofSeconds(1))
            .build();
    AtomicInteger promptAnswers = new AtomicInteger();
    // The watches close just after the command returns: two prompt answers apart make sure it is
    // over.
    await("the mock API answers promptly twice in a row")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              try {
                http.send(probe, HttpResponse.BodyHandlers.discarding());
                return promptAnswers.incrementAndGet() >= 2;
              } catch (IOException slow) {
                promptAnswers.set(0);
                return false;
              }
            });
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    client.close();
    server.close();
    Files.deleteIfExists(kubeconfigFile);
  }
}
