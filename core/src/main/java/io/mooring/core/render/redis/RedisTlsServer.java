package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.mooring.core.tls.ServerCertificate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The TLS setup every Redis server of a TLS app shares, whatever the kind of app: where the
 * certificate Secret is mounted, the directives that make the server serve and replicate over TLS
 * only, and what a redis-cli in the pod adds to reach it. See {@code RedisTlsModel} for a Redis
 * set.
 */
public final class RedisTlsServer {
  /** What redis-cli needs to reach a server of a TLS app; the servers check no client cert. */
  public static final String CLI_ARGS = RedisTlsModel.CLI_ARGS;

  /** The CA file in a pod that mounts the certificate Secret (or its CA alone). */
  public static final String CA_FILE = RedisTlsModel.CA_FILE;

  private RedisTlsServer() {}

  /**
   * {@code port 0} (plaintext refused), {@code tls-port} on Redis's port, the mounted files,
   * clients logging in with a password rather than a certificate, and replication over TLS.
   */
  public static Map<String, String> directives() {
    Map<String, String> directives = new LinkedHashMap<>();
    directives.put("port", "0");
    directives.put("tls-port", Integer.toString(RedisPorts.REDIS));
    directives.putAll(RedisTlsModel.fileDirectives());
    directives.put("tls-replication", "yes");
    return directives;
  }

  /**
   * The certificate Secret as a volume readable by the redis user only (the pods run it with that
   * group); files follow the Secret when it changes, which is how a renewal reaches a running
   * server.
   */
  public static Volume volume(String secret) {
    return new VolumeBuilder()
        .withName(RedisTlsModel.VOLUME)
        .withNewSecret()
        .withSecretName(secret)
        .withDefaultMode(0440)
        .endSecret()
        .build();
  }

  /** Only the CA, readable by anyone: for the exporter, which holds no key. */
  public static Volume caVolume(String secret) {
    return new VolumeBuilder()
        .withName(RedisTlsModel.VOLUME)
        .withNewSecret()
        .withSecretName(secret)
        .addNewItem()
        .withKey(ServerCertificate.CA_KEY)
        .withPath(ServerCertificate.CA_KEY)
        .endItem()
        .withDefaultMode(0444)
        .endSecret()
        .build();
  }

  /** Where {@link #volume} or {@link #caVolume} is mounted. */
  public static VolumeMount mount() {
    return RedisTlsModel.mount();
  }
}
