package io.mooring.core.spec;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The JetStream streams, durable consumers and key-value buckets a NATS spec declares (an extension
 * of the Cozystack API), already checked by validate. A stream or bucket written only with its name
 * and {@code deletePolicy: delete} is a tombstone: Mooring deletes it, messages and all; any other
 * stream Mooring made that left the file is kept while it holds messages.
 */
public record NatsJetStreamAssets(
    List<Stream> streams, List<Consumer> consumers, List<KeyValue> keyValues) {

  public static final NatsJetStreamAssets NONE =
      new NatsJetStreamAssets(List.of(), List.of(), List.of());

  /** The stream nats-server keeps a key-value bucket in. */
  public static final String KEY_VALUE_STREAM_PREFIX = "KV_";

  public NatsJetStreamAssets {
    streams = List.copyOf(streams);
    consumers = List.copyOf(consumers);
    keyValues = List.copyOf(keyValues);
  }

  public boolean isEmpty() {
    return streams.isEmpty() && consumers.isEmpty() && keyValues.isEmpty();
  }

  public enum Storage {
    FILE,
    MEMORY;

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public enum Retention {
    LIMITS,
    INTEREST,
    WORKQUEUE;

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public enum Discard {
    OLD,
    NEW;

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public enum AckPolicy {
    NONE,
    ALL,
    EXPLICIT;

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public enum DeliverPolicy {
    ALL,
    LAST,
    NEW;

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A stream. {@code maxAge} null and {@code maxBytes}/{@code maxMsgs} -1 mean no limit, as in
   * NATS.
   *
   * @param delete a tombstone: delete the stream, whatever it holds
   */
  public record Stream(
      String name,
      List<String> subjects,
      int replicas,
      Storage storage,
      Retention retention,
      Discard discard,
      Duration maxAge,
      long maxBytes,
      long maxMsgs,
      boolean delete) {
    public Stream {
      subjects = List.copyOf(subjects);
    }

    public static Stream tombstone(String name) {
      return new Stream(
          name, List.of(), 1, Storage.FILE, Retention.LIMITS, Discard.OLD, null, -1, -1, true);
    }
  }

  /**
   * A durable consumer of a stream the spec declares. {@code ackWait} null and {@code maxDeliver}
   * -1 leave NATS's defaults (30 s, unlimited); {@code filterSubject} null takes every subject.
   */
  public record Consumer(
      String stream,
      String name,
      AckPolicy ackPolicy,
      DeliverPolicy deliverPolicy,
      String filterSubject,
      Duration ackWait,
      long maxDeliver) {}

  /**
   * A key-value bucket; {@code ttl} null and {@code maxBytes} -1 mean no limit.
   *
   * @param delete a tombstone: delete the bucket, whatever it holds
   */
  public record KeyValue(
      String bucket,
      int history,
      int replicas,
      Storage storage,
      Duration ttl,
      long maxBytes,
      boolean delete) {
    public static KeyValue tombstone(String bucket) {
      return new KeyValue(bucket, 1, 1, Storage.FILE, null, -1, true);
    }

    public String streamName() {
      return KEY_VALUE_STREAM_PREFIX + bucket;
    }
  }
}
