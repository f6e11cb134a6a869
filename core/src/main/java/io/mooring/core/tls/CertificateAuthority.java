package io.mooring.core.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed CA that signs the server certificates of one namespace. Keys are EC P-256: small,
 * quick to generate, and read by every server Mooring runs.
 */
public final class CertificateAuthority {
  /** Long enough that CA rotation is a deliberate act, not a routine one. */
  public static final Duration CA_LIFETIME = Duration.ofDays(3650);

  /** Renewed at two-thirds (see {@link RenewalRule}), i.e. after about two months. */
  public static final Duration SERVER_LIFETIME = Duration.ofDays(90);

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final X509Certificate certificate;
  private final PrivateKey privateKey;

  private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {
    this.certificate = certificate;
    this.privateKey = privateKey;
  }

  /** A new CA named after the namespace it serves. */
  public static CertificateAuthority create(String namespace, Clock clock) {
    KeyPair keys = newKeyPair();
    X500Name name = new X500Name("CN=mooring-ca." + namespace + ",O=mooring");
    Instant now = clock.instant();
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  name,
                  serial(),
                  Date.from(now.minus(Duration.ofMinutes(5))),
                  Date.from(now.plus(CA_LIFETIME)),
                  name,
                  keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(keys.getPublic()));
      return new CertificateAuthority(sign(builder, keys.getPrivate()), keys.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create a CA certificate", e);
    }
  }

  /** The CA kept in a Secret. */
  public static CertificateAuthority fromPem(String certificatePem, String privateKeyPem) {
    return new CertificateAuthority(Pem.certificate(certificatePem), Pem.privateKey(privateKeyPem));
  }

  /**
   * A server certificate valid for {@code names} (DNS names, or IPv4 literals), usable both as a
   * server and as a client, since cluster peers present it to each other on verified routes.
   */
  public ServerCertificate issue(List<String> names, Clock clock, Duration lifetime) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a server certificate needs at least one name");
    }
    KeyPair keys = newKeyPair();
    Instant now = clock.instant();
    GeneralName[] altNames =
        names.stream()
            .map(
                n ->
                    IPV4.matcher(n).matches()
                        ? new GeneralName(GeneralName.iPAddress, n)
                        : new GeneralName(GeneralName.dNSName, n))
            .toArray(GeneralName[]::new);
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  certificate,
                  serial(),
                  Date.from(now.minus(Duration.ofMinutes(5))),
                  Date.from(now.plus(lifetime)),
                  new X500Name("CN=" + names.get(0)),
                  keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(
                      new KeyPurposeId[] {
                        KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                      }))
              .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  extensions.createAuthorityKeyIdentifier(certificate));
      return new ServerCertificate(sign(builder, privateKey), keys.getPrivate(), certificate);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot issue a server certificate", e);
    }
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public String certificatePem() {
    return Pem.encode(certificate);
  }

  public String privateKeyPem() {
    return Pem.encode(privateKey);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 is not available", e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }

  @Override
  public String toString() {
    return "CertificateAuthority[" + certificate.getSubjectX500Principal() + "]";
  }
}
