package io.mooring.core.spec;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads Kubernetes quantities strictly: the API server's grammar, then fabric8 for the amount. */
final class QuantityReader {
  // The API server's quantity grammar: a signed decimal and one binary-SI, decimal-SI or exponent
  // suffix.
  private static final Pattern GRAMMAR =
      Pattern.compile(
          "[+-]?(\\d+(\\.\\d*)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\\d+)?");

  private QuantityReader() {}

  /** The quantity, or empty when the text is not one. */
  static Optional<Quantity> parse(String text) {
    if (!GRAMMAR.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      Quantity quantity = new Quantity(text);
      quantity.getNumericalAmount();
      return Optional.of(quantity);
    } catch (IllegalArgumentException | ArithmeticException notAQuantity) {
      return Optional.empty();
    }
  }

  static boolean isPositive(Quantity quantity) {
    return quantity.getNumericalAmount().compareTo(BigDecimal.ZERO) > 0;
  }
}
