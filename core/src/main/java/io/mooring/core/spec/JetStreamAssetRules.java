package io.mooring.core.spec;

import io.mooring.core.spec.CozystackJetStreamAssets.Entry;
import io.mooring.core.spec.NatsJetStreamAssets.AckPolicy;
import io.mooring.core.spec.NatsJetStreamAssets.Consumer;
import io.mooring.core.spec.NatsJetStreamAssets.KeyValue;
import io.mooring.core.spec.NatsJetStreamAssets.Retention;
import io.mooring.core.spec.NatsJetStreamAssets.Storage;
import io.mooring.core.spec.NatsJetStreamAssets.Stream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the JetStream assets of a spec must be together for nats-server to take them all: each
 * replica on its own server, one stream per name and subject, every limit within the stores the
 * renderer sets, consumers on declared streams. A spec validate accepts is one Mooring can apply.
 */
final class JetStreamAssetRules {
  private final int servers;
  private final boolean enabled;
  private final long maxFileStore;
  private final long maxMemoryStore;

  /**
   * @param servers the app's replicas
   * @param maxFileStore one server's {@code max_file_store}
   * @param maxMemoryStore one server's {@code max_memory_store}
   */
  JetStreamAssetRules(int servers, boolean enabled, long maxFileStore, long maxMemoryStore) {
    this.servers = servers;
    this.enabled = enabled;
    this.maxFileStore = maxFileStore;
    this.maxMemoryStore = maxMemoryStore;
  }

  void check(
      FieldReader jetstream,
      List<Entry<Stream>> streams,
      List<Entry<Consumer>> consumers,
      List<Entry<KeyValue>> keyValues) {
    if (!enabled) {
      for (String field : CozystackJetStreamAssets.FIELDS) {
        if (jetstream.value(field).isPresent()) {
          jetstream.reportInvalid(
              field, "needs JetStream", "; set spec.jetstream.enabled to true, or remove the list");
        }
      }
      return;
    }
    Map<String, Entry<Stream>> byName = new LinkedHashMap<>();
    Map<String, String> subjectOwners = new HashMap<>();
    Budget file = new Budget(Storage.FILE, maxFileStore);
    Budget memory = new Budget(Storage.MEMORY, maxMemoryStore);
    for (Entry<Stream> entry : streams) {
      Stream stream = entry.asset();
      FieldReader at = entry.at();
      if (byName.putIfAbsent(stream.name(), entry) != null) {
        at.reportInvalid("name", "names a stream declared above");
        continue;
      }
      if (stream.name().startsWith(NatsJetStreamAssets.KEY_VALUE_STREAM_PREFIX)) {
        at.reportInvalid(
            "name",
            "must not start with " + NatsJetStreamAssets.KEY_VALUE_STREAM_PREFIX,
            "; such streams hold key-value buckets: declare the bucket under"
                + " spec.jetstream.keyValue");
      }
      if (stream.delete()) {
        continue;
      }
      for (int i = 0; i < stream.subjects().size(); i++) {
        String owner = subjectOwners.putIfAbsent(stream.subjects().get(i), stream.name());
        if (owner != null) {
          at.reportInvalid(
              "subjects[" + i + "]", "is already stored by stream " + owner, "; NATS refuses it");
        }
      }
      checkReplicas(at, stream.replicas());
      (stream.storage() == Storage.FILE ? file : memory)
          .add(at, stream.maxBytes(), stream.replicas());
    }
    Set<String> buckets = new HashSet<>();
    for (Entry<KeyValue> entry : keyValues) {
      KeyValue bucket = entry.asset();
      if (!buckets.add(bucket.bucket())) {
        entry.at().reportInvalid("bucket", "names a bucket declared above");
        continue;
      }
      if (!bucket.delete()) {
        checkReplicas(entry.at(), bucket.replicas());
        (bucket.storage() == Storage.FILE ? file : memory)
            .add(entry.at(), bucket.maxBytes(), bucket.replicas());
      }
    }
    checkConsumers(consumers, byName);
  }

  private void checkReplicas(FieldReader at, int replicas) {
    if (replicas > servers) {
      at.reportInvalid(
          "replicas",
          "must be at most spec.replicas (" + servers + ")",
          "; NATS keeps each replica on its own server");
    }
  }

  private static void checkConsumers(
      List<Entry<Consumer>> consumers, Map<String, Entry<Stream>> streams) {
    Set<String> seen = new HashSet<>();
    for (Entry<Consumer> entry : consumers) {
      Consumer consumer = entry.asset();
      FieldReader at = entry.at();
      Entry<Stream> stream = streams.get(consumer.stream());
      if (stream == null || stream.asset().delete()) {
        String hint =
            ClosestMatch.of(consumer.stream(), streams.keySet())
                .map(match -> "; did you mean " + match + "?")
                .orElse("; declare it under spec.jetstream.streams");
        at.reportInvalid(
            "stream",
            stream == null
                ? "must name a stream of spec.jetstream.streams"
                : "names a deleted stream",
            stream == null ? hint : "");
        continue;
      }
      if (!seen.add(consumer.stream() + "/" + consumer.name())) {
        at.reportInvalid(
            "name", "names a consumer of stream " + consumer.stream() + " declared above");
      }
      List<String> subjects = stream.asset().subjects();
      if (consumer.filterSubject() != null
          && !subjects.isEmpty()
          && subjects.stream().noneMatch(s -> NatsSubjects.within(consumer.filterSubject(), s))) {
        at.reportInvalid(
            "filterSubject",
            "must lie within the subjects of stream " + consumer.stream() + " " + subjects);
      }
      if (stream.asset().retention() == Retention.WORKQUEUE
          && consumer.ackPolicy() != AckPolicy.EXPLICIT) {
        at.reportInvalid(
            "ackPolicy",
            "must be explicit",
            "; a workqueue stream removes a message only once it is acknowledged");
      }
    }
  }

  /**
   * A store's budget: nats-server reserves each stream's {@code maxBytes} on every server that
   * holds a replica, and refuses a stream that does not fit.
   */
  private final class Budget {
    private final Storage storage;
    private final long perServer;
    private long reserved;

    Budget(Storage storage, long perServer) {
      this.storage = storage;
      this.perServer = perServer;
    }

    void add(FieldReader at, long maxBytes, int replicas) {
      if (maxBytes <= 0) {
        return;
      }
      String store = storage == Storage.FILE ? "max_file_store" : "max_memory_store";
      String from =
          storage == Storage.FILE ? "90% of spec.jetstream.size" : "a quarter of the memory limit";
      if (maxBytes > perServer) {
        at.reportInvalid(
            "maxBytes",
            "must fit one server's " + store + " of " + perServer + " bytes (" + from + ")");
        return;
      }
      long total = (long) servers * perServer;
      reserved += maxBytes * replicas;
      if (reserved > total) {
        at.reportInvalid(
            "maxBytes",
            "does not fit: with the "
                + storage.word()
                + " assets above, the replicas reserve "
                + reserved
                + " bytes of the "
                + total
                + " the servers' "
                + store
                + " holds ("
                + from
                + " on each)");
      }
    }
  }
}
