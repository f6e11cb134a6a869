package io.mooring.core.spec;

import io.fabric8.kubernetes.api.model.Quantity;
import io.mooring.core.spec.NatsJetStreamAssets.AckPolicy;
import io.mooring.core.spec.NatsJetStreamAssets.Consumer;
import io.mooring.core.spec.NatsJetStreamAssets.DeliverPolicy;
import io.mooring.core.spec.NatsJetStreamAssets.Discard;
import io.mooring.core.spec.NatsJetStreamAssets.KeyValue;
import io.mooring.core.spec.NatsJetStreamAssets.Retention;
import io.mooring.core.spec.NatsJetStreamAssets.Storage;
import io.mooring.core.spec.NatsJetStreamAssets.Stream;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code spec.jetstream.streams}, {@code consumers} and {@code keyValue}: Mooring's extension of
 * the Cozystack NATS API. Each entry is read on its own; what needs them all (replicas against the
 * servers, consumers against their stream, the stores' budget) is checked by {@link
 * JetStreamAssetRules}.
 */
final class CozystackJetStreamAssets {
  static final List<String> FIELDS = List.of("streams", "consumers", "keyValue");
  private static final List<String> STREAM_FIELDS =
      List.of(
          "name",
          "subjects",
          "replicas",
          "storage",
          "retention",
          "discard",
          "maxAge",
          "maxBytes",
          "maxMsgs",
          "deletePolicy");
  private static final List<String> CONSUMER_FIELDS =
      List.of(
          "stream",
          "name",
          "durable",
          "ackPolicy",
          "deliverPolicy",
          "filterSubject",
          "ackWait",
          "maxDeliver");
  private static final List<String> KEY_VALUE_FIELDS =
      List.of("bucket", "history", "replicas", "storage", "ttl", "maxBytes", "deletePolicy");

  /** Stream, consumer and bucket names: what nats-server accepts in a subject token and a path. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  static final int MAX_REPLICAS = 5;
  static final int MAX_HISTORY = 64;

  private CozystackJetStreamAssets() {}

  /** An asset as read, with the reader of its entry for the problems found later. */
  record Entry<T>(T asset, FieldReader at) {}

  /**
   * The assets of {@code spec.jetstream}, checked together by {@link JetStreamAssetRules} against
   * the rest of the spec.
   */
  static NatsJetStreamAssets read(FieldReader jetstream, JetStreamAssetRules rules) {
    List<Entry<Stream>> streams = new ArrayList<>();
    List<Entry<Consumer>> consumers = new ArrayList<>();
    List<Entry<KeyValue>> keyValues = new ArrayList<>();
    items(
        jetstream,
        "streams",
        item -> stream(item).ifPresent(s -> streams.add(new Entry<>(s, item))));
    items(
        jetstream,
        "consumers",
        item -> consumer(item).ifPresent(c -> consumers.add(new Entry<>(c, item))));
    items(
        jetstream,
        "keyValue",
        item -> keyValue(item).ifPresent(k -> keyValues.add(new Entry<>(k, item))));
    rules.check(jetstream, streams, consumers, keyValues);
    return new NatsJetStreamAssets(
        streams.stream().map(Entry::asset).toList(),
        consumers.stream().map(Entry::asset).toList(),
        keyValues.stream().map(Entry::asset).toList());
  }

  /** Each mapping of a list, with a reader whose paths read {@code streams[0].name}. */
  private static void items(
      FieldReader parent, String field, java.util.function.Consumer<FieldReader> each) {
    Optional<List<YamlNode>> list = parent.list(field);
    if (list.isEmpty()) {
      return;
    }
    List<YamlNode> items = list.get();
    for (int i = 0; i < items.size(); i++) {
      String indexed = field + "[" + i + "]";
      if (items.get(i) instanceof YamlNode.Mapping mapping) {
        each.accept(parent.nested(indexed, mapping));
      } else {
        parent.error(
            items.get(i).location(), indexed, "must be a mapping, got " + items.get(i).describe());
      }
    }
  }

  private static Optional<Stream> stream(FieldReader item) {
    item.rejectUnknownFields(STREAM_FIELDS);
    Optional<String> name = name(item, "name");
    if (isTombstone(item, "name")) {
      return name.map(Stream::tombstone);
    }
    List<String> subjects = subjects(item);
    Stream stream =
        new Stream(
            name.orElse(""),
            subjects,
            replicas(item),
            word(item, "storage", Storage.values(), Storage.FILE, Storage::word),
            word(item, "retention", Retention.values(), Retention.LIMITS, Retention::word),
            word(item, "discard", Discard.values(), Discard.OLD, Discard::word),
            duration(item, "maxAge"),
            bytes(item, "maxBytes"),
            item.integer("maxMsgs", 1, -1),
            false);
    return name.map(n -> stream);
  }

  private static Optional<Consumer> consumer(FieldReader item) {
    item.rejectUnknownFields(CONSUMER_FIELDS);
    Optional<String> stream = name(item, "stream");
    Optional<String> name = name(item, "name");
    if (!item.bool("durable", true)) {
      item.reportInvalid(
          "durable",
          "must be true",
          "; Mooring keeps durable consumers only, an ephemeral one belongs to its client");
    }
    Optional<String> filter = item.string("filterSubject");
    filter
        .flatMap(NatsSubjects::problem)
        .ifPresent(problem -> item.reportInvalid("filterSubject", problem));
    Consumer consumer =
        new Consumer(
            stream.orElse(""),
            name.orElse(""),
            word(item, "ackPolicy", AckPolicy.values(), AckPolicy.EXPLICIT, AckPolicy::word),
            word(
                item,
                "deliverPolicy",
                DeliverPolicy.values(),
                DeliverPolicy.ALL,
                DeliverPolicy::word),
            filter.orElse(null),
            duration(item, "ackWait"),
            item.integer("maxDeliver", 1, -1));
    return stream.isPresent() && name.isPresent() ? Optional.of(consumer) : Optional.empty();
  }

  private static Optional<KeyValue> keyValue(FieldReader item) {
    item.rejectUnknownFields(KEY_VALUE_FIELDS);
    Optional<String> bucket = name(item, "bucket");
    if (isTombstone(item, "bucket")) {
      return bucket.map(KeyValue::tombstone);
    }
    int history = item.integer("history", 1, 1);
    if (history > MAX_HISTORY) {
      item.reportInvalid("history", "must be at most " + MAX_HISTORY + ", as NATS allows");
    }
    KeyValue keyValue =
        new KeyValue(
            bucket.orElse(""),
            Math.min(history, MAX_HISTORY),
            replicas(item),
            word(item, "storage", Storage.values(), Storage.FILE, Storage::word),
            duration(item, "ttl"),
            bytes(item, "maxBytes"),
            false);
    return bucket.map(b -> keyValue);
  }

  /**
   * {@code deletePolicy: delete}: the entry is a tombstone and may carry nothing but its name. Any
   * other value is an error, since keeping is what happens without it.
   */
  private static boolean isTombstone(FieldReader item, String nameField) {
    Optional<String> policy = item.string("deletePolicy");
    if (policy.isEmpty()) {
      return false;
    }
    if (!policy.get().equals("delete")) {
      item.reportInvalid(
          "deletePolicy",
          "must be delete",
          "; leave it out to keep the data when the entry leaves the file");
      return false;
    }
    for (YamlNode.Entry entry : item.mapping().entries().values()) {
      if (!entry.key().equals(nameField) && !entry.key().equals("deletePolicy")) {
        item.error(
            entry.keyLocation(),
            entry.key(),
            "an entry with deletePolicy: delete is a request to delete it and carries only its "
                + nameField);
      }
    }
    return true;
  }

  private static Optional<String> name(FieldReader item, String field) {
    Optional<String> name = item.string(field);
    if (name.isEmpty()) {
      if (item.value(field).isEmpty()) {
        item.error(item.mapping().location(), field, "is required");
      }
      return Optional.empty();
    }
    if (!NAME.matcher(name.get()).matches()) {
      item.reportInvalid(field, "must be 1 to 64 letters, digits, '-' or '_'");
      return Optional.empty();
    }
    return name;
  }

  private static List<String> subjects(FieldReader item) {
    List<String> subjects = new ArrayList<>();
    Optional<List<YamlNode>> list = item.list("subjects");
    if (list.isEmpty()) {
      if (item.value("subjects").isEmpty()) {
        item.error(
            item.mapping().location(), "subjects", "is required: the subjects the stream stores");
      }
      return subjects;
    }
    List<YamlNode> nodes = list.get();
    for (int i = 0; i < nodes.size(); i++) {
      String field = "subjects[" + i + "]";
      if (!(nodes.get(i) instanceof YamlNode.Scalar scalar
          && scalar.type() == YamlNode.ScalarType.STRING)) {
        item.error(
            nodes.get(i).location(), field, "must be a string, got " + nodes.get(i).describe());
        continue;
      }
      Optional<String> problem = NatsSubjects.problem(scalar.text());
      if (problem.isPresent()) {
        item.error(scalar.location(), field, problem.get() + ", got " + scalar.describe());
      } else if (subjects.contains(scalar.text())) {
        item.error(scalar.location(), field, "is listed twice");
      } else {
        subjects.add(scalar.text());
      }
    }
    if (nodes.isEmpty()) {
      item.reportInvalid("subjects", "must list at least one subject");
    }
    return subjects;
  }

  private static int replicas(FieldReader item) {
    int replicas = item.integer("replicas", 1, 1);
    if (replicas > MAX_REPLICAS) {
      item.reportInvalid("replicas", "must be at most " + MAX_REPLICAS + ", as NATS allows");
      return MAX_REPLICAS;
    }
    return replicas;
  }

  private static Duration duration(FieldReader item, String field) {
    Optional<YamlNode> node = item.value(field);
    if (node.isEmpty()) {
      return null;
    }
    Optional<Duration> duration =
        node.get() instanceof YamlNode.Scalar scalar && scalar.type() == YamlNode.ScalarType.STRING
            ? NatsSubjects.duration(scalar.text())
            : Optional.empty();
    if (duration.isEmpty()) {
      item.reportInvalid(field, "must be a duration greater than zero such as 72h, 30m or 1h30m");
      return null;
    }
    return duration.get();
  }

  /** A size as a Kubernetes quantity ({@code 2Gi}) or a number of bytes; -1 when absent. */
  private static long bytes(FieldReader item, String field) {
    Quantity quantity = item.positiveQuantity(field);
    if (quantity == null) {
      return -1;
    }
    try {
      long bytes =
          Quantity.getAmountInBytes(quantity).setScale(0, RoundingMode.FLOOR).longValueExact();
      if (bytes >= 1) {
        return bytes;
      }
    } catch (ArithmeticException tooLarge) {
      // reported below
    }
    item.reportInvalid(field, "must be a size of at least one byte such as 512Mi or 2Gi");
    return -1;
  }

  private static <E extends Enum<E>> E word(
      FieldReader item,
      String field,
      E[] values,
      E defaultValue,
      java.util.function.Function<E, String> word) {
    Optional<String> text = item.string(field);
    if (text.isEmpty()) {
      return defaultValue;
    }
    for (E value : values) {
      if (word.apply(value).equals(text.get().toLowerCase(Locale.ROOT))) {
        return value;
      }
    }
    List<String> words = Arrays.stream(values).map(word).toList();
    String hint =
        ClosestMatch.of(text.get(), words).map(match -> "; did you mean " + match + "?").orElse("");
    item.reportInvalid(field, "must be one of " + String.join(", ", words), hint);
    return defaultValue;
  }
}
