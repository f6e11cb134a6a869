package io.mooring.core.nats;

import io.mooring.core.diff.FieldDrift;
import io.nats.client.api.StreamConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/** The fields of a stream Mooring declares, compared with the live stream's. */
final class StreamFields {
  private StreamFields() {}

  /**
   * @param bucket a key-value bucket's stream: its subjects, retention and discard policy are
   *     nats-server's own, and its history is the per-subject message limit
   */
  static List<FieldDrift> drifts(
      StreamConfiguration desired, StreamConfiguration live, boolean bucket) {
    List<FieldDrift> drifts = new ArrayList<>();
    compare(drifts, "description", desired.getDescription(), live.getDescription());
    if (!bucket) {
      compare(
          drifts,
          "subjects",
          new TreeSet<>(desired.getSubjects()).toString(),
          new TreeSet<>(live.getSubjects()).toString());
      compare(drifts, "retention", desired.getRetentionPolicy(), live.getRetentionPolicy());
      compare(drifts, "discard", desired.getDiscardPolicy(), live.getDiscardPolicy());
      compare(drifts, "maxMsgs", desired.getMaxMsgs(), live.getMaxMsgs());
    } else {
      compare(drifts, "history", desired.getMaxMsgsPerSubject(), live.getMaxMsgsPerSubject());
    }
    compare(drifts, "replicas", desired.getReplicas(), live.getReplicas());
    compare(drifts, "storage", desired.getStorageType(), live.getStorageType());
    compare(drifts, "maxAge", desired.getMaxAge(), live.getMaxAge());
    compare(drifts, "maxBytes", desired.getMaxBytes(), live.getMaxBytes());
    return drifts;
  }

  /** The changes NATS refuses to make to an existing stream, each with the values. */
  static List<String> fixedChanges(StreamConfiguration desired, StreamConfiguration live) {
    List<String> fixed = new ArrayList<>();
    if (desired.getStorageType() != live.getStorageType()) {
      fixed.add(
          "storage cannot change from "
              + live.getStorageType()
              + " to "
              + desired.getStorageType()
              + " (the messages live in that store)");
    }
    if (desired.getRetentionPolicy() != live.getRetentionPolicy()) {
      fixed.add(
          "retention cannot change from "
              + live.getRetentionPolicy()
              + " to "
              + desired.getRetentionPolicy());
    }
    return fixed;
  }

  static void compare(List<FieldDrift> drifts, String field, Object desired, Object live) {
    if (!Objects.equals(desired, live)) {
      drifts.add(
          new FieldDrift(
              field,
              desired == null ? null : desired.toString(),
              live == null ? null : live.toString()));
    }
  }
}
