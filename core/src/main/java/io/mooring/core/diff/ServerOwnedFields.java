package io.mooring.core.diff;

import io.mooring.core.render.common.MooringLabels;
import java.util.List;
import java.util.Map;

/**
 * Removes what the API server or other controllers own: bookkeeping metadata, {@code status}, and
 * the revision annotation (it changes with every commit and must not make every object look
 * drifted). Claim templates of a StatefulSet come back with an apiVersion, kind and status of their
 * own.
 */
final class ServerOwnedFields implements Normalizer {
  private static final List<String> SERVER_METADATA =
      List.of(
          "managedFields",
          "resourceVersion",
          "uid",
          "creationTimestamp",
          "generation",
          "selfLink",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "ownerReferences",
          "finalizers");

  @Override
  public void normalize(String kind, Map<String, Object> tree, boolean live) {
    tree.remove("status");
    Map<String, Object> metadata = Trees.map(tree.get("metadata"));
    if (metadata != null) {
      SERVER_METADATA.forEach(metadata::remove);
      Map<String, Object> annotations = Trees.map(metadata.get("annotations"));
      if (annotations != null) {
        annotations.remove(MooringLabels.REVISION_ANNOTATION);
      }
    }
    Trees.eachMapIn(
        Trees.map(tree.get("spec")),
        "volumeClaimTemplates",
        template -> {
          template.remove("apiVersion");
          template.remove("kind");
          template.remove("status");
          Map<String, Object> templateMetadata = Trees.map(template.get("metadata"));
          if (templateMetadata != null) {
            SERVER_METADATA.forEach(templateMetadata::remove);
          }
        });
  }
}
