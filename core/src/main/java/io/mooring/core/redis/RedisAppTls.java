package io.mooring.core.redis;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.render.redis.RedisNames;
import io.mooring.core.tls.ServerCertificate;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;

/**
 * How Mooring's own operations reach the servers of a Redis app: over TLS, trusting the CA of the
 * app's live certificate Secret, when the app has one; in plaintext otherwise.
 */
public final class RedisAppTls {
  private RedisAppTls() {}

  /** Empty when the app has no certificate Secret (no TLS), or cert-manager has not filled it. */
  public static Optional<RedisTlsClient> client(
      Function<ObjectKey, HasMetadata> liveObjects, RedisNames names) {
    return caPem(liveObjects, names).map(RedisTlsClient::trusting);
  }

  static Optional<String> caPem(Function<ObjectKey, HasMetadata> liveObjects, RedisNames names) {
    return caPem(liveObjects, names.namespace(), names.tlsSecret());
  }

  /**
   * The CA of the live certificate Secret {@code secretName}: empty when there is none (no TLS), or
   * cert-manager has not filled it.
   */
  public static Optional<String> caPem(
      Function<ObjectKey, HasMetadata> liveObjects, String namespace, String secretName) {
    ObjectKey key = new ObjectKey("Secret", namespace, secretName);
    if (!(liveObjects.apply(key) instanceof Secret secret)
        || secret.getData() == null
        || secret.getData().get(ServerCertificate.CA_KEY) == null) {
      return Optional.empty();
    }
    return Optional.of(
        new String(
            Base64.getDecoder().decode(secret.getData().get(ServerCertificate.CA_KEY)),
            StandardCharsets.UTF_8));
  }
}
