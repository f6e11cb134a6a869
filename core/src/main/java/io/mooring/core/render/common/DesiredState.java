package io.mooring.core.render.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.spec.AppRef;
import java.util.List;

/**
 * Everything one app should have in the cluster, in apply order (see {@link ApplyOrder}), each
 * object carrying Mooring's labels. {@code warnings} are things a user should hear about that do
 * not stop the app (for example an even JetStream cluster size).
 */
public record DesiredState(AppRef app, List<HasMetadata> objects, List<String> warnings) {
  public DesiredState {
    objects = List.copyOf(objects);
    warnings = List.copyOf(warnings);
  }

  public DesiredState(AppRef app, List<HasMetadata> objects) {
    this(app, objects, List.of());
  }
}
