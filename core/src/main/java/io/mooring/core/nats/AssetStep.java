package io.mooring.core.nats;

import io.mooring.core.plan.ObjectAction;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StreamConfiguration;

/** One JetStream API call of a {@link JetStreamAssetPlan}, with the change it reports. */
sealed interface AssetStep {
  ObjectAction.ServerAsset action();

  record PutStream(ObjectAction.ServerAsset action, StreamConfiguration config)
      implements AssetStep {}

  record DeleteStream(ObjectAction.ServerAsset action, String name) implements AssetStep {}

  record PutBucket(ObjectAction.ServerAsset action, KeyValueConfiguration config)
      implements AssetStep {}

  record DeleteBucket(ObjectAction.ServerAsset action, String bucket) implements AssetStep {}

  record PutConsumer(ObjectAction.ServerAsset action, String stream, ConsumerConfiguration config)
      implements AssetStep {}

  record DeleteConsumer(ObjectAction.ServerAsset action, String stream, String name)
      implements AssetStep {}
}
