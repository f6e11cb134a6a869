package io.mooring.core.nats;

import io.mooring.core.diff.FieldDrift;
import io.nats.client.api.ConsumerConfiguration;
import java.util.ArrayList;
import java.util.List;

/** The fields of a durable consumer Mooring declares, compared with the live consumer's. */
final class ConsumerFields {
  private ConsumerFields() {}

  static List<FieldDrift> drifts(ConsumerConfiguration desired, ConsumerConfiguration live) {
    List<FieldDrift> drifts = new ArrayList<>();
    StreamFields.compare(drifts, "description", desired.getDescription(), live.getDescription());
    StreamFields.compare(drifts, "ackPolicy", desired.getAckPolicy(), live.getAckPolicy());
    StreamFields.compare(
        drifts, "deliverPolicy", desired.getDeliverPolicy(), live.getDeliverPolicy());
    StreamFields.compare(
        drifts,
        "filterSubject",
        filter(desired.getFilterSubject()),
        filter(live.getFilterSubject()));
    StreamFields.compare(drifts, "ackWait", desired.getAckWait(), live.getAckWait());
    StreamFields.compare(drifts, "maxDeliver", desired.getMaxDeliver(), live.getMaxDeliver());
    return drifts;
  }

  /** The changes NATS refuses to make to an existing consumer. */
  static List<String> fixedChanges(ConsumerConfiguration desired, ConsumerConfiguration live) {
    List<String> fixed = new ArrayList<>();
    if (desired.getAckPolicy() != live.getAckPolicy()) {
      fixed.add(
          "ackPolicy cannot change from " + live.getAckPolicy() + " to " + desired.getAckPolicy());
    }
    if (desired.getDeliverPolicy() != live.getDeliverPolicy()) {
      fixed.add(
          "deliverPolicy cannot change from "
              + live.getDeliverPolicy()
              + " to "
              + desired.getDeliverPolicy());
    }
    return fixed;
  }

  private static String filter(String subject) {
    return subject == null || subject.isEmpty() ? null : subject;
  }
}
