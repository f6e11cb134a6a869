package io.mooring.core.spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code connInfoSecretTarget} and {@code connInfoSecretTargetDisabled}: the connection Secret's
 * name (the resource's name by default), key prefix ({@code REDIS_}, or {@code VALKEY_} for Valkey,
 * by default), labels and annotations.
 */
final class AivenConnectionSecret {
  // Every key of a Secret must match this; the prefix starts every key.
  private static final Pattern KEY_CHARACTERS = Pattern.compile("[-._a-zA-Z0-9]*");

  private AivenConnectionSecret() {}

  static ConnectionSecret read(FieldReader spec, AppRef ref, boolean valkey) {
    boolean disabled = spec.bool("connInfoSecretTargetDisabled", false);
    String defaultPrefix = valkey ? "VALKEY_" : "REDIS_";
    Optional<FieldReader> target = spec.child("connInfoSecretTarget");
    if (target.isEmpty()) {
      return disabled ? ConnectionSecret.none() : ConnectionSecret.named(ref.name(), defaultPrefix);
    }
    FieldReader t = target.get();
    t.rejectUnknownFields(List.of("name", "prefix", "labels", "annotations"));
    AivenDialect.nonEmpty(t, "name", true);
    String name = t.string("name").filter(n -> !n.isEmpty()).orElse(ref.name());
    if (t.value("name").isPresent()) {
      KubernetesNames.checkSubdomain(name).ifPresent(problem -> t.reportInvalid("name", problem));
      // The password Secret of the app is the one other Secret it has.
      if (name.equals(ref.name() + "-redis-auth")) {
        t.reportInvalid("name", "is the name of the app's password Secret; choose another");
      }
    }
    String prefix = t.string("prefix").orElse(defaultPrefix);
    if (!KEY_CHARACTERS.matcher(prefix).matches() || prefix.length() > 200) {
      t.reportInvalid(
          "prefix", "may only hold letters, digits, '-', '_' and '.', as Secret keys do");
    }
    Map<String, String> labels = checked(t, "labels", true);
    Map<String, String> annotations = checked(t, "annotations", false);
    if (disabled) {
      spec.note("connInfoSecretTarget", "has no effect: connInfoSecretTargetDisabled is true");
      return ConnectionSecret.none();
    }
    return new ConnectionSecret(true, name, prefix, labels, annotations);
  }

  private static Map<String, String> checked(FieldReader target, String field, boolean labels) {
    Map<String, String> values = new TreeMap<>();
    Optional<FieldReader> section = target.child(field);
    target
        .stringMap(field)
        .forEach(
            (key, value) -> {
              Optional<String> problem = MetadataRules.checkKey(key);
              if (problem.isPresent()) {
                section.get().reportKey(key, problem.get());
              } else if (labels && !MetadataRules.validLabelValue(value)) {
                section
                    .get()
                    .reportInvalid(
                        key,
                        "must be a label value: at most 63 letters, digits, '-', '_' or '.',"
                            + " starting and ending with a letter or digit");
              } else {
                values.put(key, value);
              }
            });
    return values;
  }
}
