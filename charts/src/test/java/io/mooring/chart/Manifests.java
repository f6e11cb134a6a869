package io.mooring.chart;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The documents of a rendered manifest, as fabric8 objects. */
final class Manifests {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

  private final List<HasMetadata> objects;

  private Manifests(List<HasMetadata> objects) {
    this.objects = objects;
  }

  /**
   * Unmarshals every non-empty document. Kinds fabric8 has no model for (ServiceMonitor,
   * PrometheusRule) become {@code GenericKubernetesResource}s; a document that is not a Kubernetes
   * object at all makes this throw.
   */
  static Manifests parse(String manifest) {
    List<HasMetadata> objects =
        Stream.of(DOCUMENT_SEPARATOR.split(manifest))
            .filter(Manifests::hasContent)
            .map(document -> (HasMetadata) SERIALIZATION.unmarshal(document))
            .collect(Collectors.toList());
    return new Manifests(List.copyOf(objects));
  }

  List<HasMetadata> all() {
    return objects;
  }

  <T extends HasMetadata> List<T> ofType(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
  }

  <T extends HasMetadata> T single(Class<T> type) {
    List<T> found = ofType(type);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size());
    }
    return found.get(0);
  }

  List<HasMetadata> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.getKind())).collect(Collectors.toList());
  }

  Optional<HasMetadata> named(String kind, String name) {
    return ofKind(kind).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
  }

  private static boolean hasContent(String document) {
    return document.lines().map(String::strip).anyMatch(l -> !l.isEmpty() && !l.startsWith("#"));
  }
}
