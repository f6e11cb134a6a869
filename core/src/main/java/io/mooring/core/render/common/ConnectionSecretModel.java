package io.mooring.core.render.common;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.mooring.core.spec.ConnectionSecret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The connection Secret every app gets (unless its spec turns it off), whatever its dialect: {@code
 * <prefix>HOST}, {@code PORT}, {@code USER}, {@code PASSWORD}, {@code SSL} and {@code URI}, with
 * TLS also {@code CA_CERT} (the PEM of the CA that signed the servers), so that applications mount
 * one shape of Secret. The password is the app's own, read from its live auth Secret when there is
 * one, so the two never disagree. The password keys are marked generated: the planner keeps their
 * live values across syncs, and the Secret is retained like the auth Secret when the app is
 * removed.
 *
 * @param scheme the URI scheme ({@code redis}, {@code nats})
 * @param host the in-cluster DNS name clients connect to
 * @param password empty when the app has no password
 * @param caPem the CA clients verify the servers with; empty without TLS
 */
public record ConnectionSecretModel(
    ConnectionSecret target,
    ObjectMeta metadata,
    String scheme,
    String host,
    int port,
    String user,
    String password,
    boolean ssl,
    String caPem) {

  /** Without TLS, or with TLS whose CA clients get elsewhere. */
  public ConnectionSecretModel(
      ConnectionSecret target,
      ObjectMeta metadata,
      String scheme,
      String host,
      int port,
      String user,
      String password,
      boolean ssl) {
    this(target, metadata, scheme, host, port, user, password, ssl, "");
  }

  /** The Secret; empty when the spec asks for none. */
  public Optional<Secret> generate() {
    if (!target.enabled()) {
      return Optional.empty();
    }
    String prefix = target.prefix();
    Map<String, String> values = new LinkedHashMap<>();
    values.put(prefix + "HOST", host);
    values.put(prefix + "PORT", Integer.toString(port));
    values.put(prefix + "USER", user);
    values.put(prefix + "PASSWORD", password);
    values.put(prefix + "SSL", Boolean.toString(ssl));
    values.put(prefix + "URI", uri());
    if (!caPem.isEmpty()) {
      values.put(prefix + "CA_CERT", caPem);
    }
    Map<String, String> data = new LinkedHashMap<>();
    values.forEach(
        (key, value) ->
            data.put(
                key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
    Map<String, String> labels = new TreeMap<>(target.labels());
    labels.putAll(metadata.getLabels());
    Map<String, String> annotations = new TreeMap<>(target.annotations());
    if (!password.isEmpty()) {
      annotations.put(MooringLabels.CREDENTIALS_ANNOTATION, "true");
    }
    return Optional.of(
        new SecretBuilder()
            .withNewMetadata()
            .withName(target.name())
            .withNamespace(metadata.getNamespace())
            .withLabels(labels)
            .withAnnotations(annotations.isEmpty() ? null : annotations)
            .endMetadata()
            .withType("Opaque")
            .withData(data)
            .build());
  }

  private String uri() {
    String credentials = password.isEmpty() ? "" : encode(user) + ":" + encode(password) + "@";
    // NATS clients name TLS tls://, Redis clients rediss://.
    String secureScheme = ssl ? ("nats".equals(scheme) ? "tls" : scheme + "s") : scheme;
    return secureScheme + "://" + credentials + host + ":" + port;
  }

  /** Percent-encodes all but RFC 3986's unreserved characters, as a URI's user info needs. */
  private static String encode(String part) {
    StringBuilder out = new StringBuilder();
    for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "ConnectionSecretModel[" + target.name() + ", host=" + host + ", port=" + port + "]";
  }
}
