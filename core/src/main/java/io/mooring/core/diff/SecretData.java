package io.mooring.core.diff;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The API server stores a Secret's {@code stringData} as base64 {@code data} and never returns
 * {@code stringData}; comparing in the stored form keeps a rendered {@code stringData} from
 * drifting.
 */
final class SecretData implements Normalizer {

  @Override
  public void normalize(String kind, Map<String, Object> tree, boolean live) {
    if (!"Secret".equals(kind)) {
      return;
    }
    Map<String, Object> stringData = Trees.map(tree.remove("stringData"));
    if (stringData == null || stringData.isEmpty()) {
      return;
    }
    Map<String, Object> data = Trees.map(tree.get("data"));
    Map<String, Object> merged = data == null ? new LinkedHashMap<>() : data;
    stringData.forEach(
        (key, value) ->
            merged.put(
                key,
                Base64.getEncoder()
                    .encodeToString(String.valueOf(value).getBytes(StandardCharsets.UTF_8))));
    tree.put("data", merged);
  }
}
