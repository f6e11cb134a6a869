package io.mooring.core.diff;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites resource quantities to one canonical number so that {@code 1000m} equals {@code 1} and
 * {@code 1Gi} equals {@code 1024Mi}: the API server accepts both spellings and may return either.
 */
final class Quantities implements Normalizer {
  private static final Set<String> QUANTITY_MAPS = Set.of("limits", "requests", "capacity", "hard");
  private static final Set<String> QUANTITY_FIELDS = Set.of("sizeLimit");

  @Override
  public void normalize(String kind, Map<String, Object> tree, boolean live) {
    Trees.walkMaps(
        tree,
        null,
        (key, map) -> {
          if (key != null && QUANTITY_MAPS.contains(key)) {
            map.replaceAll((name, value) -> canonical(value));
          }
          for (String field : QUANTITY_FIELDS) {
            if (map.containsKey(field)) {
              map.put(field, canonical(map.get(field)));
            }
          }
        });
  }

  static Object canonical(Object value) {
    if (!(value instanceof String) && !(value instanceof Number)) {
      return value;
    }
    try {
      BigDecimal amount = Quantity.getAmountInBytes(new Quantity(value.toString()));
      return amount.stripTrailingZeros().toPlainString();
    } catch (IllegalArgumentException | ArithmeticException notAQuantity) {
      return value;
    }
  }
}
