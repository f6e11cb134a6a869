package io.mooring.core.diff;

import com.fasterxml.jackson.annotation.JsonValue;
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
        });
    Trees.rewriteFields(tree, QUANTITY_FIELDS, Quantities::canonical);
  }

  static Object canonical(Object value) {
    if (!(value instanceof String) && !(value instanceof Number)) {
      return value;
    }
    try {
      return new Amount(
          Quantity.getAmountInBytes(new Quantity(value.toString())), value.toString());
    } catch (IllegalArgumentException | ArithmeticException notAQuantity) {
      return value;
    }
  }

  /** Equal by amount; shown as written, so that a drift reads {@code 1Gi -> 3Gi}. */
  record Amount(BigDecimal amount, String text) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Amount that && amount.compareTo(that.amount) == 0;
    }

    @Override
    public int hashCode() {
      return amount.stripTrailingZeros().hashCode();
    }

    @Override
    @JsonValue
    public String toString() {
      return text;
    }
  }
}
