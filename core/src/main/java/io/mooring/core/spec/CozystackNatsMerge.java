package io.mooring.core.spec;

import java.util.Optional;

/**
 * Checks {@code config.merge} against {@link NatsConfigMergeRules} the way the renderer merges it:
 * a mapping under a block Mooring generates merges into it key by key, anything else replaces the
 * key whole. Each refusal is reported at the key (or value) it concerns; no value is ever shown,
 * since spec.config may hold credentials.
 */
final class CozystackNatsMerge {
  private static final String ROOT = "spec.config.merge";

  private final SpecProblems problems;
  private final int replicas;
  private final boolean jetstream;
  private final boolean operatorMode;

  private CozystackNatsMerge(
      SpecProblems problems, int replicas, boolean jetstream, boolean operatorMode) {
    this.problems = problems;
    this.replicas = replicas;
    this.jetstream = jetstream;
    this.operatorMode = operatorMode;
  }

  /** Reports every key of {@code config.merge} that the renderer would refuse. */
  static void check(
      FieldReader config,
      SpecProblems problems,
      int replicas,
      boolean jetstream,
      boolean operatorMode) {
    Optional<YamlNode> merge = config.value("merge");
    if (merge.isPresent() && merge.get() instanceof YamlNode.Mapping mapping) {
      new CozystackNatsMerge(problems, replicas, jetstream, operatorMode).block(mapping, "");
    }
  }

  private void block(YamlNode.Mapping overlay, String path) {
    for (YamlNode.Entry entry : overlay.entries().values()) {
      String key = entry.key();
      String childPath = path.isEmpty() ? key : path + "." + key;
      Optional<String> refusal =
          path.isEmpty()
              ? NatsConfigMergeRules.topLevelRefusal(key, operatorMode)
              : Optional.empty();
      if (refusal.isEmpty()) {
        refusal = NatsConfigMergeRules.protectedRefusal(childPath);
      }
      if (refusal.isPresent()) {
        refuse(entry.keyLocation(), childPath, refusal.get());
        continue;
      }
      boolean generated =
          NatsConfigMergeRules.generatesBlock(childPath, replicas, jetstream, operatorMode);
      if (entry.value() instanceof YamlNode.Mapping nested && generated) {
        block(nested, childPath);
        continue;
      }
      if (!keyAndValueAllowed(entry.keyLocation(), key, entry.value(), childPath)) {
        continue;
      }
      NatsConfigMergeRules.wholeBlockRefusal(childPath, generated)
          .ifPresent(reason -> refuse(entry.keyLocation(), childPath, reason));
    }
  }

  /**
   * Checks a key and the value that replaces it whole: no include or secret anywhere in it, and no
   * empty value inside it (nats.conf has none; a null only removes the key it is written under).
   */
  private boolean keyAndValueAllowed(SourceLocation at, String key, YamlNode value, String path) {
    if (NatsConfigMergeRules.isInclude(key)) {
      refuse(at, path, NatsConfigMergeRules.INCLUDE_REASON);
      return false;
    }
    if (NatsConfigMergeRules.isSecretKey(key)) {
      refuse(at, path, NatsConfigMergeRules.SECRET_REASON);
      return false;
    }
    return inside(value, path);
  }

  private boolean inside(YamlNode value, String path) {
    boolean allowed = true;
    if (value instanceof YamlNode.Mapping mapping) {
      for (YamlNode.Entry entry : mapping.entries().values()) {
        String childPath = path + "." + entry.key();
        allowed &= keyAndValueAllowed(entry.keyLocation(), entry.key(), entry.value(), childPath);
        allowed &= present(entry.value(), childPath);
      }
    } else if (value instanceof YamlNode.Sequence sequence) {
      for (int i = 0; i < sequence.items().size(); i++) {
        YamlNode item = sequence.items().get(i);
        String childPath = path + "[" + i + "]";
        allowed &= inside(item, childPath);
        allowed &= present(item, childPath);
      }
    }
    return allowed;
  }

  private boolean present(YamlNode value, String path) {
    if (value instanceof YamlNode.Scalar scalar && scalar.isNull()) {
      problems.error(
          value.location(),
          ROOT + "." + path,
          "must have a value: nats.conf has no empty values, and a null in config.merge only"
              + " removes a key Mooring generates");
      return false;
    }
    return true;
  }

  private void refuse(SourceLocation at, String path, String reason) {
    problems.error(at, ROOT + "." + path, "cannot be set by config.merge: " + reason);
  }
}
