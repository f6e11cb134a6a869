package io.mooring.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mooring.core.diff.ObjectDiff;
import io.mooring.core.plan.ObjectAction;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@code mooring_drift_fields_detected_total{resource, field}}: which fields people edit by hand,
 * summed over all apps. A field path is a label only in a bounded form: list selectors are dropped
 * ({@code containers[name=redis].image} becomes {@code containers[].image}), and once {@value
 * #MAX_FIELDS} distinct (resource, field) pairs exist, any further one counts as {@value #OTHER}. A
 * whole object created or deleted by hand counts as {@value #WHOLE_OBJECT}.
 */
final class DriftedFieldCounter {
  static final int MAX_FIELDS = 100;
  static final String OTHER = "other";
  static final String WHOLE_OBJECT = "(object)";
  private static final Pattern LIST_SELECTOR = Pattern.compile("\\[[^\\]]*\\]");

  private final MeterRegistry registry;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  DriftedFieldCounter(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Counts each field (or whole object) that one detected drift changed. */
  void count(Iterable<ObjectAction> changes) {
    for (ObjectAction action : changes) {
      if (action instanceof ObjectAction.Retain) {
        continue;
      }
      String resource = action.key().kind().toLowerCase(Locale.ROOT);
      ObjectDiff diff = diffOf(action);
      if (diff == null) {
        increment(resource, WHOLE_OBJECT);
      } else {
        diff.drifts().stream()
            .map(drift -> normalized(drift.path()))
            .distinct()
            .forEach(field -> increment(resource, field));
      }
    }
  }

  static String normalized(String path) {
    return LIST_SELECTOR.matcher(path).replaceAll("[]");
  }

  private void increment(String resource, String field) {
    String key = resource + "\n" + field;
    boolean known = seen.contains(key);
    if (!known && seen.size() >= MAX_FIELDS) {
      field = OTHER;
    } else if (!known) {
      seen.add(key);
    }
    Counter.builder("mooring.drift.fields.detected")
        .description(
            "Fields found changed by hand, by resource kind and field path (list selectors"
                + " dropped; at most "
                + MAX_FIELDS
                + " distinct paths, then \"other\")")
        .tags("resource", resource, "field", field)
        .register(registry)
        .increment();
  }

  private static ObjectDiff diffOf(ObjectAction action) {
    if (action instanceof ObjectAction.Update update) {
      return update.diff();
    }
    if (action instanceof ObjectAction.Recreate recreate) {
      return recreate.diff();
    }
    return null;
  }
}
