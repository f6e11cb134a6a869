package io.mooring.core.render.nats;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.NatsSpec;
import io.mooring.core.tls.CertificateAuthority;
import io.mooring.core.tls.NamespaceCa;
import io.mooring.core.tls.ServerNames;
import io.mooring.core.tls.ServerTlsSecrets;
import java.time.Clock;
import java.util.List;

/**
 * The certificates of a NATS app with TLS: the namespace CA (live, or new on the namespace's first
 * TLS app) and one server certificate that every pod presents, to clients and to its peers alike.
 * It names the client Service, the headless Service and each pod through it, so a route dialled at
 * a pod's stable name verifies.
 */
final class NatsTlsModel {
  private final NatsSpec spec;
  private final NatsNames names;
  private final CertificateAuthority ca;
  private final ServerTlsSecrets.Files files;

  NatsTlsModel(
      NatsSpec spec, NatsNames names, String clusterDomain, LiveSecrets live, Clock clock) {
    this.spec = spec;
    this.names = names;
    this.ca = NamespaceCa.live(live, spec.ref().namespace(), clock);
    List<String> serverNames =
        ServerNames.forStatefulSet(
            names.statefulSet(),
            spec.replicas(),
            names.headlessService(),
            List.of(names.clientService()),
            spec.ref().namespace(),
            clusterDomain);
    this.files = ServerTlsSecrets.files(live, names.tlsSecret(), ca, serverNames, clock);
  }

  /** What the connection Secret gives clients to verify the servers with. */
  String caPem() {
    return ca.certificatePem();
  }

  ServerTlsSecrets.Files files() {
    return files;
  }

  /**
   * The namespace's CA Secret, which no app owns, and the app's certificate Secret. The latter is
   * not part of the pod template's hash: a renewed certificate reaches the running servers through
   * the mount and a reload (see {@link NatsTlsReload}), never through a roll.
   */
  List<HasMetadata> secrets() {
    return List.of(
        NamespaceCa.secret(ca, spec.ref().namespace()),
        ServerTlsSecrets.secret(
            names.tlsSecret(),
            spec.ref().namespace(),
            MooringLabels.forComponent(spec.ref(), NatsNames.COMPONENT),
            files));
  }
}
