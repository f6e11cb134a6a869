package io.mooring.core.rediscluster;

import io.mooring.core.render.redis.RedisTlsServer;
import io.mooring.core.tls.CertificateAuthority;
import io.mooring.core.tls.ServerCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * TLS for {@link LoopbackClusterPods}: a CA of the test's own, one certificate for every loopback
 * address a pod may run at (pods announce their address as their name here), written where the
 * pods' Secret volume would be, and the TLS directives the cluster renderer writes with their paths
 * pointed at those files.
 */
final class LoopbackClusterTls {
  private static final String MOUNT_PATH = "/etc/mooring-tls";

  private final CertificateAuthority ca;
  private final Path directory;

  LoopbackClusterTls(Path directory, List<String> addresses) {
    Clock clock = Clock.systemUTC();
    this.ca = CertificateAuthority.create("default", clock);
    this.directory = directory;
    ServerCertificate certificate =
        ca.issue(addresses, clock, CertificateAuthority.SERVER_LIFETIME);
    try {
      Files.createDirectories(directory);
      write(ServerCertificate.CERT_KEY, certificate.certificatePem());
      write(ServerCertificate.PRIVATE_KEY_KEY, certificate.privateKeyPem());
      write(ServerCertificate.CA_KEY, certificate.caPem());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String caPem() {
    return ca.certificatePem();
  }

  /**
   * The lines a pod's redis.conf gets, after its plaintext {@code port} (a later directive wins):
   * Redis's TLS directives on {@code port}, and {@code tls-cluster yes}, which the cluster renderer
   * adds so that the bus runs over TLS too.
   */
  String directives(int port) {
    StringBuilder conf = new StringBuilder();
    for (Map.Entry<String, String> directive : RedisTlsServer.directives().entrySet()) {
      String value =
          directive.getKey().equals("tls-port")
              ? Integer.toString(port)
              : directive.getValue().replace(MOUNT_PATH, directory.toString());
      conf.append(directive.getKey()).append(' ').append(value).append('\n');
    }
    conf.append("tls-cluster yes\n");
    return conf.toString();
  }

  /** What redis-cli adds to reach a pod. */
  List<String> cliOptions() {
    return List.of("--tls", "--cacert", directory.resolve(ServerCertificate.CA_KEY).toString());
  }

  private void write(String file, String text) throws IOException {
    Files.writeString(directory.resolve(file), text, StandardCharsets.UTF_8);
  }
}
