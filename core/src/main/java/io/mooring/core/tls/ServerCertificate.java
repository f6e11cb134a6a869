package io.mooring.core.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A server's certificate and key with the CA that signed it, in the three files servers read. */
public record ServerCertificate(
    X509Certificate certificate, PrivateKey privateKey, X509Certificate caCertificate) {

  public String certificatePem() {
    return Pem.encode(certificate);
  }

  public String privateKeyPem() {
    return Pem.encode(privateKey);
  }

  public String caPem() {
    return Pem.encode(caCertificate);
  }

  /** Key names follow the kubernetes.io/tls Secret type, plus the CA. */
  public static final String CERT_KEY = "tls.crt";

  public static final String PRIVATE_KEY_KEY = "tls.key";
  public static final String CA_KEY = "ca.crt";

  @Override
  public String toString() {
    return "ServerCertificate[" + certificate.getSubjectX500Principal() + "]";
  }
}
