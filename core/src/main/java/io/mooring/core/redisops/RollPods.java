package io.mooring.core.redisops;

import java.util.List;
import java.util.Optional;

/**
 * The Kubernetes side of a roll of one Redis StatefulSet whose update strategy is {@code OnDelete}:
 * which pods run the current template, deleting one so that the StatefulSet recreates it, and the
 * record of the step in flight.
 */
public interface RollPods {
  /**
   * The template revision the pods are to run (the StatefulSet's {@code status.updateRevision}).
   */
  String updateRevision();

  /** The set's pods, lowest ordinal first. */
  List<Pod> pods();

  /** Deletes the pod; the StatefulSet brings it back with the current template. */
  void restart(String pod);

  /** The step in flight, as recorded on the StatefulSet. */
  Optional<RollProgress> recorded();

  /** Records the step in flight on the StatefulSet, or clears the record (empty). */
  void record(Optional<RollProgress> progress);

  /** One pod of the set and whether it runs the current template. */
  record Pod(String name, int ordinal, boolean updated) {}
}
