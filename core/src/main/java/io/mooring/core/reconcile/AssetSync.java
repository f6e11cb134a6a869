package io.mooring.core.reconcile;

import io.mooring.core.plan.ObjectAction;
import java.util.List;

/**
 * What a {@link ServerAssetsHook} found: the changes it made or would make, and those a safety rule
 * refused (each an {@link ObjectAction.Blocked} with its reason).
 */
public record AssetSync(
    List<ObjectAction.ServerAsset> changes, List<ObjectAction.Blocked> refused) {
  public static final AssetSync NONE = new AssetSync(List.of(), List.of());

  public AssetSync {
    changes = List.copyOf(changes);
    refused = List.copyOf(refused);
  }
}
