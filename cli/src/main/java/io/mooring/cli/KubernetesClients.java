package io.mooring.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Path;

/** The Kubernetes client of every command that talks to a cluster: one way to find and tune it. */
final class KubernetesClients {
  private KubernetesClients() {}

  /**
   * @param kubeconfig a kubeconfig file, or null for the usual search (in-cluster config, then
   *     {@code KUBECONFIG} / {@code ~/.kube/config})
   * @param context the kubeconfig context to use, or null for the current one
   */
  static KubernetesClient connect(Path kubeconfig, String context) throws IOException {
    Config base;
    if (kubeconfig != null) {
      try {
        base = Config.fromKubeconfig(context, kubeconfig.toFile());
      } catch (KubernetesClientException e) {
        // fabric8 calls a missing or unreadable file "not a parseable Kubernetes Config".
        if (e.getCause() instanceof IOException cause) {
          throw cause;
        }
        throw e;
      }
    } else {
      base = Config.autoConfigure(context);
    }
    // fabric8 falls back to the current context when the named one is missing: the wrong cluster,
    // silently.
    if (context != null
        && (base.getCurrentContext() == null
            || !context.equals(base.getCurrentContext().getName()))) {
      throw new IllegalArgumentException(
          "no context '"
              + context
              + "' in "
              + (kubeconfig == null ? "the kubeconfig" : kubeconfig));
    }
    // The Applier retries with its own backoff; the client's retries would multiply them.
    // A cleartext server (the sandbox, a local proxy) speaks HTTP/1.1: the JDK client's h2c upgrade
    // attempt on a plain connection can leave it reading HTTP/1.1 bytes as HTTP/2 frames. TLS API
    // servers still negotiate HTTP/2 as before.
    boolean cleartext = base.getMasterUrl() != null && base.getMasterUrl().startsWith("http://");
    Config tuned =
        new ConfigBuilder(base)
            .withRequestRetryBackoffLimit(0)
            .withHttp2Disable(base.isHttp2Disable() || cleartext)
            .build();
    return new KubernetesClientBuilder().withConfig(tuned).build();
  }
}
