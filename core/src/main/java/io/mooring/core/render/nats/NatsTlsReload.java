package io.mooring.core.render.nats;

import io.mooring.core.tls.ServerCertificate;
import java.util.List;

/**
 * Makes a running nats-server take a renewed certificate without a restart. The kubelet rewrites
 * the mounted TLS Secret some time after Mooring changed it, at a moment Mooring does not see; so a
 * loop beside the server, in its own container, watches the three files and signals a reload
 * ({@code nats-server --signal reload}, which re-reads them) whenever they differ from those the
 * server last loaded. It runs in the server's container rather than as a sidecar: a sidecar could
 * only signal with a shared process namespace, which would also show the server's environment,
 * passwords included, to the exporter's container; and it needs no network path or exec rights from
 * Mooring to every pod. Files caught half-written make the server keep its old certificate, but the
 * checksum changes again once the last file lands, so the next round signals again.
 */
final class NatsTlsReload {
  /** Between two looks at the files; the kubelet itself updates mounts about once a minute. */
  static final int INTERVAL_SECONDS = 10;

  private NatsTlsReload() {}

  /**
   * A POSIX shell loop over the files of {@code tlsDir}, signalling the server of {@code pidFile}.
   */
  static String loop(String natsServer, String tlsDir, String pidFile, int intervalSeconds) {
    String files =
        String.join(
            " ",
            List.of(
                tlsDir + "/" + ServerCertificate.CERT_KEY,
                tlsDir + "/" + ServerCertificate.PRIVATE_KEY_KEY,
                tlsDir + "/" + ServerCertificate.CA_KEY));
    return "loaded=$(cat "
        + files
        + " | md5sum); while sleep "
        + intervalSeconds
        + "; do now=$(cat "
        + files
        + " | md5sum); if [ \"$now\" != \"$loaded\" ] && "
        + natsServer
        + " --signal reload="
        + pidFile
        + "; then loaded=$now; fi; done";
  }

  /**
   * The server container's command: the loop in the background, then the server in the shell's
   * place, so that the server keeps receiving the kubelet's signals itself.
   */
  static List<String> command(String configFile) {
    String loop =
        loop("nats-server", NatsConfigModel.TLS_DIR, NatsConfigModel.PID_FILE, INTERVAL_SECONDS);
    return List.of("/bin/sh", "-c", "(" + loop + ") & exec nats-server --config " + configFile);
  }
}
