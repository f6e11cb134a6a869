package io.mooring.core.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.mooring.core.render.common.MooringLabels;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Rule 4: a generated password is created once and never rewritten. Each render draws new random
 * values, so the generated keys of a Secret that already exists take their live values; the object
 * that is compared and applied therefore never changes them (applying without them would even let
 * server-side apply remove them).
 */
final class GeneratedSecrets {
  private GeneratedSecrets() {}

  /**
   * A Secret retained when its app is removed: one with generated keys, or one marked as holding
   * credentials ({@link MooringLabels#CREDENTIALS_ANNOTATION}, the connection Secret).
   */
  static boolean isCredentialSecret(HasMetadata object) {
    if (!(object instanceof Secret)) {
      return false;
    }
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return !generatedKeys(object).isEmpty()
        || (annotations != null
            && "true".equals(annotations.get(MooringLabels.CREDENTIALS_ANNOTATION)));
  }

  static Set<String> generatedKeys(HasMetadata object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    String value =
        annotations == null ? null : annotations.get(MooringLabels.GENERATED_KEYS_ANNOTATION);
    Set<String> keys = new LinkedHashSet<>();
    if (value != null) {
      Arrays.stream(value.split(","))
          .map(String::trim)
          .filter(k -> !k.isEmpty())
          .forEach(keys::add);
    }
    return keys;
  }

  /** The desired Secret with every generated key that exists live carrying the live value. */
  static HasMetadata keepLiveValues(HasMetadata desired, HasMetadata live) {
    if (!(desired instanceof Secret desiredSecret) || !(live instanceof Secret liveSecret)) {
      return desired;
    }
    Set<String> keys = generatedKeys(desired);
    Map<String, String> liveData = liveSecret.getData() == null ? Map.of() : liveSecret.getData();
    if (keys.isEmpty() || liveData.isEmpty()) {
      return desired;
    }
    Map<String, String> data =
        new LinkedHashMap<>(desiredSecret.getData() == null ? Map.of() : desiredSecret.getData());
    Map<String, String> stringData =
        new LinkedHashMap<>(
            desiredSecret.getStringData() == null ? Map.of() : desiredSecret.getStringData());
    for (String key : keys) {
      if (liveData.containsKey(key)) {
        data.put(key, liveData.get(key));
        stringData.remove(key);
      }
    }
    return new SecretBuilder(desiredSecret)
        .withData(data.isEmpty() ? null : data)
        .withStringData(stringData.isEmpty() ? null : stringData)
        .build();
  }
}
