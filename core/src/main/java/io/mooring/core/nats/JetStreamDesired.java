package io.mooring.core.nats;

import io.mooring.core.spec.NatsJetStreamAssets;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;

/**
 * The spec's assets as jnats configurations. Every asset Mooring makes carries {@link #MANAGED} as
 * its description: what lacks it was made by someone else, and Mooring never deletes it.
 */
final class JetStreamDesired {
  static final String MANAGED = "managed by Mooring";

  /** nats-server's default, written out so that the live value compares equal. */
  static final Duration DEFAULT_ACK_WAIT = Duration.ofSeconds(30);

  private JetStreamDesired() {}

  static StreamConfiguration stream(NatsJetStreamAssets.Stream stream) {
    return StreamConfiguration.builder()
        .name(stream.name())
        .description(MANAGED)
        .subjects(stream.subjects())
        .replicas(stream.replicas())
        .storageType(storage(stream.storage()))
        .retentionPolicy(
            switch (stream.retention()) {
              case LIMITS -> RetentionPolicy.Limits;
              case INTEREST -> RetentionPolicy.Interest;
              case WORKQUEUE -> RetentionPolicy.WorkQueue;
            })
        .discardPolicy(
            stream.discard() == NatsJetStreamAssets.Discard.NEW
                ? DiscardPolicy.New
                : DiscardPolicy.Old)
        .maxAge(stream.maxAge() == null ? Duration.ZERO : stream.maxAge())
        .maxBytes(stream.maxBytes())
        .maxMessages(stream.maxMsgs())
        .build();
  }

  static ConsumerConfiguration consumer(NatsJetStreamAssets.Consumer consumer) {
    return ConsumerConfiguration.builder()
        .durable(consumer.name())
        .description(MANAGED)
        .ackPolicy(
            switch (consumer.ackPolicy()) {
              case NONE -> AckPolicy.None;
              case ALL -> AckPolicy.All;
              case EXPLICIT -> AckPolicy.Explicit;
            })
        .deliverPolicy(
            switch (consumer.deliverPolicy()) {
              case ALL -> DeliverPolicy.All;
              case LAST -> DeliverPolicy.Last;
              case NEW -> DeliverPolicy.New;
            })
        .filterSubject(consumer.filterSubject())
        .ackWait(consumer.ackWait() == null ? DEFAULT_ACK_WAIT : consumer.ackWait())
        .maxDeliver(consumer.maxDeliver())
        .build();
  }

  static KeyValueConfiguration keyValue(NatsJetStreamAssets.KeyValue bucket) {
    KeyValueConfiguration.Builder builder =
        KeyValueConfiguration.builder()
            .name(bucket.bucket())
            .description(MANAGED)
            .maxHistoryPerKey(bucket.history())
            .replicas(bucket.replicas())
            .storageType(storage(bucket.storage()))
            .maxBucketSize(bucket.maxBytes());
    if (bucket.ttl() != null) {
      builder.ttl(bucket.ttl());
    }
    return builder.build();
  }

  static StorageType storage(NatsJetStreamAssets.Storage storage) {
    return storage == NatsJetStreamAssets.Storage.MEMORY ? StorageType.Memory : StorageType.File;
  }
}
