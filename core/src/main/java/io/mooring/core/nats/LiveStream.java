package io.mooring.core.nats;

import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StreamConfiguration;
import java.util.List;

/** A stream as its servers report it: configuration, messages held and durable consumers. */
record LiveStream(
    StreamConfiguration config, long messages, List<ConsumerConfiguration> consumers) {
  LiveStream {
    consumers = List.copyOf(consumers);
  }

  boolean managed() {
    return JetStreamDesired.MANAGED.equals(config.getDescription());
  }
}
