package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.spec.RedisTls;
import io.mooring.core.tls.CertificateAuthority;
import io.mooring.core.tls.NamespaceCa;
import io.mooring.core.tls.ServerCertificate;
import io.mooring.core.tls.ServerTlsSecrets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The objects that give a TLS app its certificate: with Mooring's own CA the namespace's CA Secret
 * and the app's certificate Secret, with {@code issuerRef} the cert-manager Certificate that fills
 * the same Secret; nothing without TLS.
 *
 * @param caPem the CA clients verify the servers against, for the connection Secret; empty while
 *     cert-manager has not filled the Secret yet
 * @param certificatePem the server certificate the Secret holds; empty while cert-manager has not
 *     filled it yet
 */
record RedisTlsObjects(
    List<HasMetadata> objects, Optional<String> caPem, Optional<String> certificatePem) {
  static final RedisTlsObjects NONE =
      new RedisTlsObjects(List.of(), Optional.empty(), Optional.empty());

  /** From what is live: the live CA and certificate are kept until renewal is due. */
  static RedisTlsObjects of(RedisContext context, LiveSecrets live, Clock clock) {
    RedisTls tls = context.spec().tls();
    if (!tls.enabled()) {
      return NONE;
    }
    RedisTlsModel model = new RedisTlsModel(context);
    if (tls.issuerRef().isPresent()) {
      // The Secret is cert-manager's: what it holds is read, never rendered.
      String secret = context.names().tlsSecret();
      return new RedisTlsObjects(
          List.of(model.generateCertificate(tls.issuerRef().get())),
          live.value(secret, ServerCertificate.CA_KEY),
          live.value(secret, ServerCertificate.CERT_KEY));
    }
    String namespace = context.names().namespace();
    CertificateAuthority ca = NamespaceCa.live(live, namespace, clock);
    ServerTlsSecrets.Files files =
        ServerTlsSecrets.files(live, context.names().tlsSecret(), ca, model.serverNames(), clock);
    return new RedisTlsObjects(
        List.of(NamespaceCa.secret(ca, namespace), model.generateSecret(files)),
        Optional.of(ca.certificatePem()),
        Optional.of(files.certificatePem()));
  }

  /** With a certificate given instead of one kept or issued. */
  static RedisTlsObjects given(RedisContext context, ServerCertificate certificate) {
    if (!context.spec().tls().enabled()) {
      return NONE;
    }
    ServerTlsSecrets.Files files =
        new ServerTlsSecrets.Files(
            certificate.certificatePem(),
            certificate.privateKeyPem(),
            certificate.caPem(),
            ServerTlsSecrets.Reason.KEPT);
    return new RedisTlsObjects(
        List.of(new RedisTlsModel(context).generateSecret(files)),
        Optional.of(certificate.caPem()),
        Optional.of(files.certificatePem()));
  }
}
