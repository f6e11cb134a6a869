package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.mooring.core.spec.RedisTls;
import io.mooring.core.tls.ServerCertificate;
import io.mooring.core.tls.ServerNames;
import io.mooring.core.tls.ServerTlsSecrets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TLS of a Redis app: the certificate Secret the Redis and Sentinel pods mount, the directives that
 * make them serve, replicate and monitor over TLS only, and what every client in the pods (probes,
 * scripts) adds to redis-cli. Clients are not asked for certificates: they log in with the password
 * as before, and verify the server against the CA.
 */
final class RedisTlsModel {
  static final String MOUNT_PATH = "/etc/mooring-tls";
  static final String VOLUME = "tls";
  static final String CERT_FILE = MOUNT_PATH + "/" + ServerCertificate.CERT_KEY;
  static final String KEY_FILE = MOUNT_PATH + "/" + ServerCertificate.PRIVATE_KEY_KEY;
  static final String CA_FILE = MOUNT_PATH + "/" + ServerCertificate.CA_KEY;

  /** What redis-cli needs to reach a server of a TLS app; the servers check no client cert. */
  static final String CLI_ARGS = "--tls --cacert " + CA_FILE;

  private final RedisContext context;

  RedisTlsModel(RedisContext context) {
    this.context = context;
  }

  boolean enabled() {
    return context.spec().tls().enabled();
  }

  /** The arguments every redis-cli of the pods adds; empty without TLS. */
  String cliArgs() {
    return enabled() ? CLI_ARGS : "";
  }

  /**
   * Every name a client or peer may reach a server by: the Redis Services (client, master,
   * headless), each Redis pod through the headless Service, the Sentinel Service and localhost.
   */
  List<String> serverNames() {
    RedisNames names = context.names();
    List<String> services = new ArrayList<>(List.of(names.redis(), names.master()));
    if (context.spec().highlyAvailable()) {
      services.add(names.sentinel());
    }
    if (context.spec().external()) {
      services.add(names.external());
    }
    return ServerNames.forStatefulSet(
        names.redis(),
        context.spec().replicas(),
        names.headless(),
        services,
        names.namespace(),
        context.options().clusterDomain());
  }

  /**
   * Redis's own port carries TLS only ({@code port 0}: plaintext is refused), replication runs over
   * TLS, and clients log in with a password instead of a certificate.
   */
  Map<String, String> redisDirectives() {
    Map<String, String> directives = new LinkedHashMap<>();
    directives.put("port", "0");
    directives.put("tls-port", Integer.toString(RedisPorts.REDIS));
    directives.putAll(fileDirectives());
    directives.put("tls-replication", "yes");
    return directives;
  }

  /** The lines a Sentinel adds: TLS on its port, and TLS to the Redis pods it monitors. */
  String sentinelConf() {
    StringBuilder conf = new StringBuilder();
    conf.append("port 0\n");
    conf.append("tls-port ").append(RedisPorts.SENTINEL).append('\n');
    fileDirectives()
        .forEach(
            (directive, value) -> conf.append(directive).append(' ').append(value).append('\n'));
    conf.append("tls-replication yes\n");
    return conf.toString();
  }

  static Map<String, String> fileDirectives() {
    Map<String, String> directives = new LinkedHashMap<>();
    directives.put("tls-cert-file", CERT_FILE);
    directives.put("tls-key-file", KEY_FILE);
    directives.put("tls-ca-cert-file", CA_FILE);
    directives.put("tls-auth-clients", "no");
    return directives;
  }

  /** The Secret the pods mount, holding {@code files}: a certificate, its key and the CA. */
  Secret generateSecret(ServerTlsSecrets.Files files) {
    return ServerTlsSecrets.secret(
        context.names().tlsSecret(),
        context.names().namespace(),
        context.labels(RedisContext.COMPONENT_REDIS),
        files);
  }

  /** With {@code issuerRef}: the cert-manager Certificate that fills the same Secret. */
  GenericKubernetesResource generateCertificate(RedisTls.IssuerRef issuer) {
    return CertManagerCertificateModel.generate(
        context.meta(context.names().tlsSecret(), RedisContext.COMPONENT_REDIS),
        context.names().tlsSecret(),
        context.labels(RedisContext.COMPONENT_REDIS),
        context.names().master(),
        serverNames(),
        issuer);
  }

  /**
   * The Secret as a volume readable by the redis user only (the pods run it with that group); files
   * follow the Secret when it changes, which is how a renewal reaches a running server.
   */
  Volume volume() {
    return new VolumeBuilder()
        .withName(VOLUME)
        .withNewSecret()
        .withSecretName(context.names().tlsSecret())
        .withDefaultMode(0440)
        .endSecret()
        .build();
  }

  /** Only the CA, readable by anyone: for the exporter and the proxy, which hold no key. */
  Volume caVolume() {
    return new VolumeBuilder()
        .withName(VOLUME)
        .withNewSecret()
        .withSecretName(context.names().tlsSecret())
        .addNewItem()
        .withKey(ServerCertificate.CA_KEY)
        .withPath(ServerCertificate.CA_KEY)
        .endItem()
        .withDefaultMode(0444)
        .endSecret()
        .build();
  }

  static VolumeMount mount() {
    return new VolumeMountBuilder()
        .withName(VOLUME)
        .withMountPath(MOUNT_PATH)
        .withReadOnly(true)
        .build();
  }
}
