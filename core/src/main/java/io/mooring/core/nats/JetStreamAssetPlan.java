package io.mooring.core.nats;

import io.mooring.core.diff.FieldDrift;
import io.mooring.core.diff.ObjectDiff;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.plan.ObjectAction;
import io.mooring.core.plan.ObjectAction.AssetVerb;
import io.mooring.core.spec.NatsJetStreamAssets;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StreamConfiguration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to do to an app's JetStream assets, from the spec's and the live ones: pure, so every rule
 * is tested without a server. Rules: a stream or bucket Mooring made that left the spec is deleted
 * only when it is empty or a tombstone asks for it; a change NATS cannot make in place (storage
 * type, retention, a consumer's ack or deliver policy) is refused with the reason; what Mooring did
 * not make and the spec does not name is none of its business.
 */
record JetStreamAssetPlan(List<AssetStep> steps, List<ObjectAction.Blocked> refused) {
  static final String STREAM = "Stream";
  static final String CONSUMER = "Consumer";
  static final String KEY_VALUE = "KeyValue";

  JetStreamAssetPlan {
    steps = List.copyOf(steps);
    refused = List.copyOf(refused);
  }

  List<ObjectAction.ServerAsset> changes() {
    return steps.stream().map(AssetStep::action).toList();
  }

  static JetStreamAssetPlan of(
      String namespace, NatsJetStreamAssets desired, Map<String, LiveStream> live) {
    Builder plan = new Builder(namespace);
    Set<String> declared = new HashSet<>();
    for (NatsJetStreamAssets.Stream stream : desired.streams()) {
      declared.add(stream.name());
      LiveStream current = live.get(stream.name());
      if (stream.delete()) {
        if (current != null) {
          plan.put(
              new AssetStep.DeleteStream(
                  plan.action(STREAM, stream.name(), AssetVerb.DELETE), stream.name()));
        }
        continue;
      }
      StreamConfiguration config = JetStreamDesired.stream(stream);
      plan.stream(stream.name(), config, current);
    }
    for (NatsJetStreamAssets.KeyValue bucket : desired.keyValues()) {
      declared.add(bucket.streamName());
      LiveStream current = live.get(bucket.streamName());
      if (bucket.delete()) {
        if (current != null) {
          plan.put(
              new AssetStep.DeleteBucket(
                  plan.action(KEY_VALUE, bucket.bucket(), AssetVerb.DELETE), bucket.bucket()));
        }
        continue;
      }
      plan.bucket(bucket, current);
    }
    for (NatsJetStreamAssets.Stream stream : desired.streams()) {
      if (!stream.delete()) {
        plan.consumers(stream.name(), desired.consumers(), live.get(stream.name()));
      }
    }
    live.forEach(
        (name, stream) -> {
          if (!declared.contains(name) && stream.managed()) {
            plan.undeclared(name, stream);
          }
        });
    return plan.build();
  }

  private static final class Builder {
    private final String namespace;
    private final List<AssetStep> puts = new ArrayList<>();
    private final List<AssetStep> consumerSteps = new ArrayList<>();
    private final List<AssetStep> deletes = new ArrayList<>();
    private final List<ObjectAction.Blocked> refused = new ArrayList<>();

    Builder(String namespace) {
      this.namespace = namespace;
    }

    ObjectAction.ServerAsset action(String kind, String name, AssetVerb verb) {
      return action(kind, name, verb, List.of());
    }

    ObjectAction.ServerAsset action(
        String kind, String name, AssetVerb verb, List<FieldDrift> drifts) {
      ObjectKey key = new ObjectKey(kind, namespace, name);
      return new ObjectAction.ServerAsset(key, verb, new ObjectDiff(key, drifts));
    }

    void put(AssetStep step) {
      if (step instanceof AssetStep.DeleteStream || step instanceof AssetStep.DeleteBucket) {
        deletes.add(step);
      } else {
        puts.add(step);
      }
    }

    void stream(String name, StreamConfiguration desired, LiveStream current) {
      if (current == null) {
        puts.add(new AssetStep.PutStream(action(STREAM, name, AssetVerb.CREATE), desired));
        return;
      }
      List<FieldDrift> drifts = StreamFields.drifts(desired, current.config(), false);
      if (drifts.isEmpty()) {
        return;
      }
      List<String> fixed = StreamFields.fixedChanges(desired, current.config());
      if (!fixed.isEmpty()) {
        refused.add(
            new ObjectAction.Blocked(
                new ObjectKey(STREAM, namespace, name),
                String.join("; ", fixed)
                    + ": NATS cannot change this in place; create a stream under a new name and move"
                    + " the clients, or delete this one with deletePolicy: delete first"));
        return;
      }
      puts.add(new AssetStep.PutStream(action(STREAM, name, AssetVerb.UPDATE, drifts), desired));
    }

    void bucket(NatsJetStreamAssets.KeyValue bucket, LiveStream current) {
      KeyValueConfiguration desired = JetStreamDesired.keyValue(bucket);
      if (current == null) {
        puts.add(
            new AssetStep.PutBucket(action(KEY_VALUE, bucket.bucket(), AssetVerb.CREATE), desired));
        return;
      }
      StreamConfiguration backing = desired.getBackingConfig();
      List<FieldDrift> drifts = StreamFields.drifts(backing, current.config(), true);
      if (drifts.isEmpty()) {
        return;
      }
      List<String> fixed = StreamFields.fixedChanges(backing, current.config());
      if (!fixed.isEmpty()) {
        refused.add(
            new ObjectAction.Blocked(
                new ObjectKey(KEY_VALUE, namespace, bucket.bucket()),
                String.join("; ", fixed)
                    + ": NATS cannot change this in place; delete the bucket with deletePolicy:"
                    + " delete first"));
        return;
      }
      puts.add(
          new AssetStep.PutBucket(
              action(KEY_VALUE, bucket.bucket(), AssetVerb.UPDATE, drifts), desired));
    }

    void consumers(String stream, List<NatsJetStreamAssets.Consumer> declared, LiveStream current) {
      Set<String> names = new TreeSet<>();
      for (NatsJetStreamAssets.Consumer consumer : declared) {
        if (!consumer.stream().equals(stream)) {
          continue;
        }
        names.add(consumer.name());
        ConsumerConfiguration desired = JetStreamDesired.consumer(consumer);
        String key = stream + "/" + consumer.name();
        ConsumerConfiguration live =
            current == null
                ? null
                : current.consumers().stream()
                    .filter(c -> consumer.name().equals(c.getDurable()))
                    .findFirst()
                    .orElse(null);
        if (live == null) {
          consumerSteps.add(
              new AssetStep.PutConsumer(action(CONSUMER, key, AssetVerb.CREATE), stream, desired));
          continue;
        }
        List<FieldDrift> drifts = ConsumerFields.drifts(desired, live);
        if (drifts.isEmpty()) {
          continue;
        }
        List<String> fixed = ConsumerFields.fixedChanges(desired, live);
        if (!fixed.isEmpty()) {
          refused.add(
              new ObjectAction.Blocked(
                  new ObjectKey(CONSUMER, namespace, key),
                  String.join("; ", fixed)
                      + ": NATS cannot change this in place; declare a consumer under a new name"));
          continue;
        }
        consumerSteps.add(
            new AssetStep.PutConsumer(
                action(CONSUMER, key, AssetVerb.UPDATE, drifts), stream, desired));
      }
      if (current == null) {
        return;
      }
      // A consumer holds no messages, only its position: one Mooring made that left the spec goes.
      for (ConsumerConfiguration live : current.consumers()) {
        if (live.getDurable() != null
            && !names.contains(live.getDurable())
            && JetStreamDesired.MANAGED.equals(live.getDescription())) {
          consumerSteps.add(
              0,
              new AssetStep.DeleteConsumer(
                  action(CONSUMER, stream + "/" + live.getDurable(), AssetVerb.DELETE),
                  stream,
                  live.getDurable()));
        }
      }
    }

    void undeclared(String name, LiveStream stream) {
      boolean bucket = name.startsWith(NatsJetStreamAssets.KEY_VALUE_STREAM_PREFIX);
      String shown =
          bucket ? name.substring(NatsJetStreamAssets.KEY_VALUE_STREAM_PREFIX.length()) : name;
      String kind = bucket ? KEY_VALUE : STREAM;
      if (stream.messages() > 0) {
        String tombstone =
            bucket
                ? "{bucket: " + shown + ", deletePolicy: delete} under spec.jetstream.keyValue"
                : "{name: " + shown + ", deletePolicy: delete} under spec.jetstream.streams";
        refused.add(
            new ObjectAction.Blocked(
                new ObjectKey(kind, namespace, shown),
                "left the spec but holds "
                    + stream.messages()
                    + " message(s): Mooring keeps it; to delete it with its data, declare "
                    + tombstone));
        return;
      }
      ObjectAction.ServerAsset delete = action(kind, shown, AssetVerb.DELETE);
      deletes.add(
          bucket
              ? new AssetStep.DeleteBucket(delete, shown)
              : new AssetStep.DeleteStream(delete, shown));
    }

    JetStreamAssetPlan build() {
      List<AssetStep> steps = new ArrayList<>(puts);
      steps.addAll(consumerSteps);
      steps.addAll(deletes);
      return new JetStreamAssetPlan(steps, refused);
    }
  }
}
