package io.mooring.core.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.mooring.core.diff.ObjectDiff;
import io.mooring.core.diff.ObjectKey;
import java.time.Instant;

/** What the plan does with one object. Only {@link #writes()} actions cause API calls. */
public sealed interface ObjectAction {

  ObjectKey key();

  /** True when carrying out this action writes to the API server. */
  default boolean writes() {
    return true;
  }

  /** The object does not exist yet: apply it. */
  record Create(HasMetadata object) implements ObjectAction {
    @Override
    public ObjectKey key() {
      return ObjectKey.of(object);
    }
  }

  /** The object exists and some declared fields differ: apply it. */
  record Update(HasMetadata object, ObjectDiff diff) implements ObjectAction {
    @Override
    public ObjectKey key() {
      return ObjectKey.of(object);
    }
  }

  /** Live matches desired: nothing to write. */
  record InSync(ObjectKey key) implements ObjectAction {
    @Override
    public boolean writes() {
      return false;
    }
  }

  /** The object belongs to no desired state any more: delete it. */
  record Prune(HasMetadata live) implements ObjectAction {
    @Override
    public ObjectKey key() {
      return ObjectKey.of(live);
    }
  }

  /**
   * Kept although its spec is gone (data volumes, generated credentials, or prune switched off); it
   * is labelled {@code mooring.io/retained} unless it already is.
   */
  record Retain(HasMetadata live, String reason, boolean needsLabel) implements ObjectAction {
    @Override
    public ObjectKey key() {
      return ObjectKey.of(live);
    }

    @Override
    public boolean writes() {
      return needsLabel;
    }
  }

  /** Mooring refuses this change; the reason says why and what a person can do. */
  record Blocked(ObjectKey key, String reason) implements ObjectAction {
    @Override
    public boolean writes() {
      return false;
    }
  }

  /** Grow one existing claim of a StatefulSet to the new size. */
  record ExpandVolume(HasMetadata claim, Quantity size) implements ObjectAction {
    @Override
    public ObjectKey key() {
      return ObjectKey.of(claim);
    }
  }

  /**
   * Delete the StatefulSet object with orphan propagation (its pods keep running on their claims)
   * and apply it again: the only way to change an immutable field such as a claim template's size.
   */
  record Recreate(HasMetadata object, ObjectDiff diff) implements ObjectAction {
    @Override
    public ObjectKey key() {
      return ObjectKey.of(object);
    }
  }

  /**
   * A change of something the app's servers keep rather than the Kubernetes API (a JetStream
   * stream, consumer or key-value bucket), keyed by a kind of its own ({@code Stream}, {@code
   * Consumer}, {@code KeyValue}) in the app's namespace.
   *
   * @param diff the fields that differ; empty for a create or a delete
   */
  record ServerAsset(ObjectKey key, AssetVerb verb, ObjectDiff diff) implements ObjectAction {}

  /** What a {@link ServerAsset} change does. */
  enum AssetVerb {
    CREATE,
    UPDATE,
    DELETE
  }

  /**
   * The app's spec left git and asked for its objects to be left running: Mooring's labels and
   * annotations are removed, so that Mooring no longer owns the object, and nothing is deleted.
   */
  record Orphan(HasMetadata live) implements ObjectAction {
    @Override
    public ObjectKey key() {
      return ObjectKey.of(live);
    }
  }

  /**
   * A disruptive change (it restarts pods) held back until the app's maintenance window opens.
   *
   * @param change the create, update or recreate it holds back
   * @param until when the window opens (or opened, when it is open but the change waits anyway)
   */
  record Deferred(ObjectAction change, Instant until) implements ObjectAction {
    @Override
    public ObjectKey key() {
      return change.key();
    }

    @Override
    public boolean writes() {
      return false;
    }
  }
}
