package io.mooring.core.tls;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.mooring.core.render.common.LiveSecrets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The server TLS Secret of an app ({@code tls.crt}, {@code tls.key}, {@code ca.crt}), rendered from
 * the live one. A certificate is derived from the CA like a JWT from an NKey, so each render would
 * issue a new one; instead the live certificate is kept, byte for byte, while it is still good, and
 * a new one is issued only when it is not: a new certificate means every server reloads.
 *
 * <p>The keys are not listed as generated: the planner must let a renewed certificate through, so
 * the renderer, not the planner, decides what is kept. A renderer passes the app's {@link
 * LiveSecrets}, in which the app's own Secrets, this one included, are found by name.
 */
public final class ServerTlsSecrets {
  public static final String TYPE = "kubernetes.io/tls";

  private ServerTlsSecrets() {}

  /** Why a certificate was issued rather than kept; {@link #KEPT} when the live one is good. */
  public enum Reason {
    KEPT,
    MISSING,
    UNREADABLE,
    OTHER_CA,
    KEY_MISMATCH,
    NAMES_CHANGED,
    DUE_FOR_RENEWAL
  }

  /** The three PEM files a server reads, and whether they are the live ones. */
  public record Files(String certificatePem, String privateKeyPem, String caPem, Reason reason) {
    public X509Certificate certificate() {
      return Pem.certificate(certificatePem);
    }

    public boolean issued() {
      return reason != Reason.KEPT;
    }

    /** The Secret's data, base64 as the API stores it. */
    public Map<String, String> data() {
      Map<String, String> data = new LinkedHashMap<>();
      data.put(ServerCertificate.CERT_KEY, base64(certificatePem));
      data.put(ServerCertificate.PRIVATE_KEY_KEY, base64(privateKeyPem));
      data.put(ServerCertificate.CA_KEY, base64(caPem));
      return data;
    }

    @Override
    public String toString() {
      // The private key is a secret: only why the files are what they are is shown.
      return "ServerTlsSecrets.Files[" + reason + "]";
    }
  }

  /**
   * The files of the Secret {@code secretName}: its live certificate and key when they are good,
   * else a new certificate for {@code names} from {@code ca}.
   */
  public static Files files(
      LiveSecrets live,
      String secretName,
      CertificateAuthority ca,
      List<String> names,
      Clock clock) {
    Optional<String> certificate = live.value(secretName, ServerCertificate.CERT_KEY);
    Optional<String> key = live.value(secretName, ServerCertificate.PRIVATE_KEY_KEY);
    Reason reason =
        certificate.isPresent() && key.isPresent()
            ? check(certificate.get(), key.get(), ca, names, clock)
            : Reason.MISSING;
    if (reason == Reason.KEPT) {
      return new Files(certificate.get(), key.get(), ca.certificatePem(), Reason.KEPT);
    }
    ServerCertificate issued = ca.issue(names, clock, CertificateAuthority.SERVER_LIFETIME);
    return new Files(issued.certificatePem(), issued.privateKeyPem(), ca.certificatePem(), reason);
  }

  /** Whether a live certificate and key can stay, and if not, why. */
  static Reason check(
      String certificatePem,
      String privateKeyPem,
      CertificateAuthority ca,
      Collection<String> names,
      Clock clock) {
    X509Certificate certificate;
    PrivateKey privateKey;
    try {
      certificate = Pem.certificate(certificatePem);
      privateKey = Pem.privateKey(privateKeyPem);
    } catch (IllegalArgumentException e) {
      return Reason.UNREADABLE;
    }
    if (!signedBy(certificate, ca.certificate())) {
      return Reason.OTHER_CA;
    }
    if (!matches(privateKey, certificate.getPublicKey())) {
      return Reason.KEY_MISMATCH;
    }
    if (!subjectAltNames(certificate).containsAll(names)) {
      return Reason.NAMES_CHANGED;
    }
    if (RenewalRule.isDue(certificate, clock)) {
      return Reason.DUE_FOR_RENEWAL;
    }
    return Reason.KEPT;
  }

  /** The Secret of {@code files}, labelled as the app's other objects. */
  public static Secret secret(
      String name, String namespace, Map<String, String> labels, Files files) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(new LinkedHashMap<>(labels))
        .endMetadata()
        .withType(TYPE)
        .withData(files.data())
        .build();
  }

  private static boolean signedBy(X509Certificate certificate, X509Certificate ca) {
    if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
      return false;
    }
    try {
      certificate.verify(ca.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** A key pair matches when what the private key signs, the certificate's public key verifies. */
  private static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
    byte[] probe = "mooring key check".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static Set<String> subjectAltNames(X509Certificate certificate) {
    Set<String> names = new HashSet<>();
    try {
      Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
      if (entries != null) {
        for (List<?> entry : entries) {
          names.add(String.valueOf(entry.get(1)));
        }
      }
    } catch (CertificateParsingException e) {
      return Set.of();
    }
    return names;
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
