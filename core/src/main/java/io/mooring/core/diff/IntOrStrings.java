package io.mooring.core.diff;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Fields typed int-or-string may be written as {@code 6379} or {@code "6379"}; both mean the same
 * port or count, so digit-only strings become numbers.
 */
final class IntOrStrings implements Normalizer {
  private static final Set<String> FIELDS =
      Set.of("targetPort", "port", "maxUnavailable", "maxSurge", "minAvailable");
  private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");

  @Override
  public void normalize(String kind, Map<String, Object> tree, boolean live) {
    Trees.rewriteFields(
        tree,
        FIELDS,
        value ->
            value instanceof String s && DIGITS.matcher(s).matches()
                ? (Object) Integer.parseInt(s)
                : value);
  }
}
