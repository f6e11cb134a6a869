package io.mooring.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mooring.sandbox.ApplyingMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
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
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpRequest probe =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(server.url() + "api/v1/namespaces"))
            .timeout(java.time.Duration.ofSeconds(1))
            .build();
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(90).toNanos();
    int promptAnswers = 0;
    // The watches close just after the command returns: two prompt answers apart make sure it is
    // over.
    while (promptAnswers < 2 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(250);
        http.send(probe, java.net.http.HttpResponse.BodyHandlers.discarding());
        promptAnswers++;
      } catch (java.io.IOException slow) {
        promptAnswers = 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    client.close();
    server.close();
    Files.deleteIfExists(kubeconfigFile);
  }
}
