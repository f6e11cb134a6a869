package io.mooring.core.render.rediscluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.redis.CertManagerCertificateModel;
import io.mooring.core.render.redis.RedisTlsServer;
import io.mooring.core.spec.RedisTls;
import io.mooring.core.tls.CertificateAuthority;
import io.mooring.core.tls.NamespaceCa;
import io.mooring.core.tls.ServerCertificate;
import io.mooring.core.tls.ServerNames;
import io.mooring.core.tls.ServerTlsSecrets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * TLS of a Redis Cluster: every node serves clients, replicates and talks to the other nodes over
 * the cluster bus with TLS only, with one certificate from the namespace's CA (the same CA and
 * renewal as a Redis app's), or from cert-manager with {@code issuerRef}, that names every node and
 * Service. Nodes do not check each other's names on the bus, only that the peer's certificate comes
 * from the CA; clients check the name they reached a node by, which a redirect makes a node's
 * stable DNS name.
 */
final class RedisClusterTlsModel {
  private final RedisClusterContext context;

  RedisClusterTlsModel(RedisClusterContext context) {
    this.context = context;
  }

  boolean enabled() {
    return context.spec().tls().enabled();
  }

  /** The arguments every redis-cli of the pods adds; empty without TLS. */
  String cliArgs() {
    return enabled() ? RedisTlsServer.CLI_ARGS : "";
  }

  /**
   * Redis's {@link RedisTlsServer#directives}, and {@code tls-cluster yes}: the bus, and the
   * MIGRATE of a slot move, run over TLS too.
   */
  Map<String, String> directives() {
    Map<String, String> directives = new LinkedHashMap<>(RedisTlsServer.directives());
    directives.put("tls-cluster", "yes");
    return directives;
  }

  /**
   * The client and headless Services, and every node of every shard through the headless Service
   * (short, namespaced and fully qualified), and localhost for the probes.
   */
  List<String> serverNames() {
    RedisClusterNames names = context.names();
    Set<String> all = new LinkedHashSet<>();
    for (int shard = 0; shard < context.spec().masters(); shard++) {
      all.addAll(
          ServerNames.forStatefulSet(
              names.shard(shard),
              context.spec().nodesPerShard(),
              names.headless(),
              List.of(names.client()),
              names.namespace(),
              context.options().clusterDomain()));
    }
    return new ArrayList<>(all);
  }

  /**
   * The namespace's CA Secret and the cluster's certificate Secret; the live certificate is kept
   * until it is due for renewal or no longer names every node. With {@code issuerRef} the
   * cert-manager Certificate that fills the same Secret for the same names instead. Nothing without
   * TLS.
   */
  Objects objects(LiveSecrets live, Clock clock) {
    if (!enabled()) {
      return Objects.NONE;
    }
    Optional<RedisTls.IssuerRef> issuer = context.spec().tls().issuerRef();
    if (issuer.isPresent()) {
      // The Secret is cert-manager's: its CA is read once written, the Secret never rendered.
      String secret = context.names().tlsSecret();
      return new Objects(
          List.of(
              CertManagerCertificateModel.generate(
                  context.meta(secret, RedisClusterLabels.COMPONENT_REDIS),
                  secret,
                  context.labels(RedisClusterLabels.COMPONENT_REDIS),
                  context.names().client(),
                  serverNames(),
                  issuer.get())),
          live.value(secret, ServerCertificate.CA_KEY));
    }
    String namespace = context.names().namespace();
    CertificateAuthority ca = NamespaceCa.live(live, namespace, clock);
    ServerTlsSecrets.Files files =
        ServerTlsSecrets.files(live, context.names().tlsSecret(), ca, serverNames(), clock);
    return new Objects(
        List.of(NamespaceCa.secret(ca, namespace), secret(files)),
        Optional.of(ca.certificatePem()));
  }

  /** With {@code certificate} given instead of one kept or issued. */
  Objects given(ServerCertificate certificate) {
    if (!enabled()) {
      return Objects.NONE;
    }
    ServerTlsSecrets.Files files =
        new ServerTlsSecrets.Files(
            certificate.certificatePem(),
            certificate.privateKeyPem(),
            certificate.caPem(),
            ServerTlsSecrets.Reason.KEPT);
    return new Objects(List.of(secret(files)), Optional.of(certificate.caPem()));
  }

  private Secret secret(ServerTlsSecrets.Files files) {
    return ServerTlsSecrets.secret(
        context.names().tlsSecret(),
        context.names().namespace(),
        context.labels(RedisClusterLabels.COMPONENT_REDIS),
        files);
  }

  /**
   * The objects that give the cluster its certificate.
   *
   * @param caPem the CA clients verify the nodes against, for the connection Secret; empty while
   *     cert-manager has not filled the Secret yet
   */
  record Objects(List<HasMetadata> objects, Optional<String> caPem) {
    static final Objects NONE = new Objects(List.of(), Optional.empty());

    @Override
    public String toString() {
      // The Secrets hold private keys: only how many objects there are is shown.
      return "RedisClusterTlsModel.Objects[" + objects.size() + " objects]";
    }
  }
}
