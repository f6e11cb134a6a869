package io.mooring.core.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.render.common.DesiredState;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lookups the render tests share: one rendered object by kind and name, a Secret's value or all of
 * them.
 */
public final class RenderedObjects {
  private RenderedObjects() {}

  /** The rendered object of {@code type} named {@code name}; an assertion error when none is. */
  public static <T extends HasMetadata> T named(DesiredState state, Class<T> type, String name) {
    return state.objects().stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  /** The decoded value of {@code key} in {@code secret}. */
  public static String decoded(Secret secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  /** Every key of the rendered Secret {@code name}, decoded, in the Secret's order. */
  public static Map<String, String> secretData(DesiredState state, String name) {
    return decodedData(named(state, Secret.class, name));
  }

  /** Every key of {@code secret}, rendered or live, decoded, in the Secret's order. */
  public static Map<String, String> decodedData(Secret secret) {
    Map<String, String> data = new LinkedHashMap<>();
    secret.getData().keySet().forEach(key -> data.put(key, decoded(secret, key)));
    return data;
  }
}
