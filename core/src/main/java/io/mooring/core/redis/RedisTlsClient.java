package io.mooring.core.redis;

import io.mooring.core.tls.Pem;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The client side of a Redis app's TLS: trusts only the app's CA and checks that the server's
 * certificate names the host it was reached by (a DNS name or an IP address), as a client in the
 * cluster would. No client certificate is sent: the servers ask for none.
 */
public final class RedisTlsClient {
  private final SSLContext context;

  private RedisTlsClient(SSLContext context) {
    this.context = context;
  }

  /** A client that trusts the CA in {@code caPem} alone. */
  public static RedisTlsClient trusting(String caPem) {
    try {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      trusted.setCertificateEntry("ca", Pem.certificate(caPem));
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return new RedisTlsClient(context);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up TLS with the app's CA", e);
    }
  }

  /** {@code plain}, already connected to {@code host}, with the TLS handshake done over it. */
  SSLSocket handshake(Socket plain, String host, int port) throws IOException {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    return socket;
  }

  /** The certificate the server presented on {@code socket}. */
  static X509Certificate served(SSLSocket socket) throws IOException {
    Certificate[] chain = socket.getSession().getPeerCertificates();
    return (X509Certificate) chain[0];
  }

  @Override
  public String toString() {
    return "RedisTlsClient";
  }
}
