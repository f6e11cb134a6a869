package io.mooring.core.render.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The data of an app's Secrets as they are in the cluster, an input of rendering like the password
 * source. Most generated values only need keeping (the planner does that), but some rendered values
 * are derived from generated ones: a NATS user's JWT is signed with the account's NKey, the routes
 * file carries the route password. Those must be derived from the values that are live, or each
 * render would issue new ones. {@code toString} shows names only.
 */
public final class LiveSecrets {
  /** Nothing live: a first sync, or rendering without a cluster. */
  public static final LiveSecrets NONE = new LiveSecrets(Map.of());

  private final Map<String, Map<String, String>> bySecret;

  private LiveSecrets(Map<String, Map<String, String>> bySecret) {
    this.bySecret = bySecret;
  }

  /** The Secrets among an app's live objects; other kinds are ignored. */
  public static LiveSecrets of(Collection<? extends HasMetadata> live) {
    Map<String, Map<String, String>> bySecret = new LinkedHashMap<>();
    for (HasMetadata object : live) {
      if (object instanceof Secret secret && secret.getData() != null) {
        Map<String, String> data = new LinkedHashMap<>();
        secret.getData().forEach((key, value) -> data.put(key, decode(value)));
        bySecret.put(secret.getMetadata().getName(), Map.copyOf(data));
      }
    }
    return bySecret.isEmpty() ? NONE : new LiveSecrets(Map.copyOf(bySecret));
  }

  /** The live value under {@code key} of the Secret {@code secretName}. */
  public Optional<String> value(String secretName, String key) {
    return Optional.ofNullable(bySecret.getOrDefault(secretName, Map.of()).get(key));
  }

  public boolean isEmpty() {
    return bySecret.isEmpty();
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "LiveSecrets" + bySecret.keySet();
  }
}
