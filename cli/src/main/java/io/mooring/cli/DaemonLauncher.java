package io.mooring.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mooring.core.render.Renderer;
import io.mooring.daemon.Daemon;
import io.mooring.daemon.DaemonConfig;
import io.mooring.daemon.DaemonStartException;
import io.mooring.sandbox.ApplyingMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Connects to the cluster (or starts the sandbox API), runs the daemon and stops it on SIGTERM. */
final class DaemonLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonLauncher.class);

  private DaemonLauncher() {}

  static int run(DaemonConfig given) throws IOException, InterruptedException {
    DaemonConfig config = given;
    ApplyingMockServer sandbox = config.sandbox() ? ApplyingMockServer.withoutWriteLog() : null;
    KubernetesClient client =
        sandbox != null
            ? sandbox.createClient()
            : KubernetesClients.connect(config.kubeconfig(), config.context());
    if (sandbox != null) {
      LOG.info("sandbox: an in-memory Kubernetes API is running at {}", sandbox.url());
      if (config.sandboxKubeconfig() != null) {
        sandbox.writeKubeconfig(config.sandboxKubeconfig());
        LOG.info("sandbox: kubeconfig written to {}", config.sandboxKubeconfig());
      }
    }
    if (config.gitApi().clusterName() == null) {
      config = config.withGitApi(config.gitApi().withClusterName(contextName(client)));
    }
    Daemon daemon;
    try {
      Files.createDirectories(config.dataDir());
      LOG.info("git mirror kept in {}", config.dataDir());
      daemon =
          Daemon.start(
              config, client, new Renderer(config.renderOptions())::render, Clock.systemUTC());
    } catch (DaemonStartException | IOException e) {
      System.err.println(
          "mooring serve: "
              + (e instanceof IOException ? "cannot create " + config.dataDir() + ": " : "")
              + e.getMessage());
      client.close();
      if (sandbox != null) {
        sandbox.close();
      }
      return 1;
    }
    String host = "0.0.0.0".equals(config.bindAddress()) ? "localhost" : config.bindAddress();
    // A log line, not a print: with --log-format json every line of stdout must be JSON.
    LOG.atInfo()
        .addKeyValue("url", "http://" + host + ":" + daemon.port() + "/")
        .log("Mooring is running (Ctrl-C stops it); status page, /metrics and /api/v1/apps at");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  daemon.close();
                  client.close();
                  if (sandbox != null) {
                    sandbox.close();
                  }
                  stopped.countDown();
                },
                "mooring-shutdown"));
    stopped.await();
    return 0;
  }

  /** The kubeconfig's current context; a pod's in-cluster configuration has none. */
  private static String contextName(KubernetesClient client) {
    var context = client.getConfiguration().getCurrentContext();
    return context != null && context.getName() != null ? context.getName() : "in-cluster";
  }
}
