package io.mooring.core.nats;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.render.nats.NatsNames;
import io.mooring.core.spec.AppRef;
import io.mooring.core.tls.Pem;
import io.mooring.core.tls.ServerCertificate;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Mooring's own connections to an app with TLS (JetStream assets, meta group peers) speak TLS and
 * trust exactly the CA of the app's live {@code <app>-nats-tls} Secret, the one its servers present
 * certificates from. Without that Secret, the connection stays plain.
 */
final class NatsClientTls {
  private NatsClientTls() {}

  /** Adds TLS to {@code options} when the app has a live certificate Secret. */
  static void apply(
      AppRef app, Function<ObjectKey, HasMetadata> liveObjects, Options.Builder options) {
    ObjectKey key = new ObjectKey("Secret", app.namespace(), new NatsNames(app, "").tlsSecret());
    if (!(liveObjects.apply(key) instanceof Secret secret) || secret.getData() == null) {
      return;
    }
    Map<String, String> labels = secret.getMetadata().getLabels();
    String ca = secret.getData().get(ServerCertificate.CA_KEY);
    if (ca == null || (labels != null && "true".equals(labels.get(MooringLabels.RETAINED)))) {
      return;
    }
    options.sslContext(
        trusting(new String(Base64.getDecoder().decode(ca), StandardCharsets.UTF_8)));
  }

  private static SSLContext trusting(String caPem) {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("ca", Pem.certificate(caPem));
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
      throw new JetStreamPeersException("the CA of the app's TLS Secret cannot be read", e);
    }
  }
}
