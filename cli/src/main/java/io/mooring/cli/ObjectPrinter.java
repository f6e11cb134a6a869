package io.mooring.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.mooring.core.diff.FieldDrift;
import io.mooring.core.render.common.DesiredState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints desired objects as YAML documents or as one JSON {@code v1 List}, the forms kubectl reads.
 * Secret values are replaced by {@link FieldDrift#MASK} unless asked for: terminals and CI logs
 * keep what they show.
 */
final class ObjectPrinter {
  /** The output formats of {@code -o}. */
  enum Format {
    YAML,
    JSON
  }

  private final boolean showSecrets;

  ObjectPrinter(boolean showSecrets) {
    this.showSecrets = showSecrets;
  }

  String print(List<DesiredState> states, Format format) {
    return format == Format.JSON ? json(states) : yaml(states);
  }

  /**
   * One document per object, each app introduced by a comment naming it. Warnings go to stderr with
   * the other problems, so that both formats carry objects only.
   */
  private String yaml(List<DesiredState> states) {
    StringBuilder out = new StringBuilder();
    for (DesiredState state : states) {
      out.append("# ").append(state.app()).append('\n');
      for (HasMetadata object : state.objects()) {
        String document = Serialization.asYaml(shown(object));
        out.append(document.startsWith("---") ? "" : "---\n").append(document);
      }
    }
    return out.toString();
  }

  private String json(List<DesiredState> states) {
    KubernetesListBuilder list = new KubernetesListBuilder();
    states.forEach(state -> state.objects().forEach(object -> list.addToItems(shown(object))));
    return Serialization.asJson(list.build()) + "\n";
  }

  private HasMetadata shown(HasMetadata object) {
    if (showSecrets || !(object instanceof Secret secret)) {
      return object;
    }
    Secret masked = Serialization.clone(secret);
    masked.setData(masked(masked.getData()));
    masked.setStringData(masked(masked.getStringData()));
    return masked;
  }

  private static Map<String, String> masked(Map<String, String> values) {
    if (values == null) {
      return null;
    }
    Map<String, String> masked = new LinkedHashMap<>();
    values.keySet().forEach(key -> masked.put(key, FieldDrift.MASK));
    return masked;
  }
}
