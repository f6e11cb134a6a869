package io.mooring.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mooring.sandbox.ApplyingMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Per test: a mock API server, a client on it, and a kubeconfig file that the CLI is pointed at. */
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

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    client.close();
    server.close();
    Files.deleteIfExists(kubeconfigFile);
  }
}
