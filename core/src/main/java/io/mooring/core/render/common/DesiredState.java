package io.mooring.core.render.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.spec.AppRef;
import java.util.List;

/**
 * Everything one app should have in the cluster, in apply order (see {@link ApplyOrder}), each
 * object carrying Mooring's labels. Risky but legal settings are warned about by the spec parser,
 * where {@code validate} sees them too, not here.
 */
public record DesiredState(AppRef app, List<HasMetadata> objects) {
  public DesiredState {
    objects = List.copyOf(objects);
  }
}
