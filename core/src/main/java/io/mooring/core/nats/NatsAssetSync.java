package io.mooring.core.nats;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.plan.ObjectAction;
import io.mooring.core.reconcile.AssetSync;
import io.mooring.core.reconcile.ServerAssetsHook;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.NatsJetStreamAssets;
import io.mooring.core.spec.NatsSpec;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValueManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a NATS app's JetStream streams, consumers and key-value buckets as its spec declares them,
 * through the JetStream API of the app's own account (see {@link NatsAppLogin}). Reads every
 * stream, plans with {@link JetStreamAssetPlan} and, when asked to apply, makes the planned calls
 * in order, stopping at the first the servers refuse.
 */
public final class NatsAssetSync implements ServerAssetsHook {
  private static final Logger LOG = LoggerFactory.getLogger(NatsAssetSync.class);

  private final Function<ObjectKey, HasMetadata> liveObjects;
  private final Function<AppRef, String> clientUrl;
  private final Duration timeout;

  /**
   * @param liveObjects the live object with a key, or null (the cluster cache's {@code get})
   * @param clientUrl where the app's servers take clients, e.g. {@link
   *     NatsPeerRemoval#inCluster(String)}
   * @param timeout bound of the connect and of each request
   */
  public NatsAssetSync(
      Function<ObjectKey, HasMetadata> liveObjects,
      Function<AppRef, String> clientUrl,
      Duration timeout) {
    this.liveObjects = liveObjects;
    this.clientUrl = clientUrl;
    this.timeout = timeout;
  }

  @Override
  public AssetSync sync(NatsSpec spec, boolean apply) {
    String url = clientUrl.apply(spec.ref());
    Options.Builder options =
        new Options.Builder()
            .server(url)
            .connectionTimeout(timeout)
            .noReconnect()
            // Failures reach the caller as exceptions; the default listener would log them again.
            .errorListener(new ErrorListener() {});
    String who = NatsAppLogin.apply(spec, liveObjects, options);
    NatsClientTls.apply(spec.ref(), liveObjects, options);
    try (Connection connection = Nats.connect(options.build())) {
      JetStreamOptions js = JetStreamOptions.builder().requestTimeout(timeout).build();
      JetStreamManagement jsm = connection.jetStreamManagement(js);
      JetStreamAssetPlan plan =
          JetStreamAssetPlan.of(spec.ref().namespace(), spec.jetstream().assets(), live(jsm, spec));
      if (apply) {
        carryOut(spec.ref(), plan.steps(), jsm, connection.keyValueManagement());
      }
      return new AssetSync(plan.changes(), plan.refused());
    } catch (IOException e) {
      throw new JetStreamPeersException(
          "cannot reach the JetStream API at " + url + " " + who + ": " + e.getMessage(), e);
    } catch (JetStreamApiException e) {
      throw new JetStreamPeersException(
          "the servers at " + url + " refused to list the streams: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JetStreamPeersException("interrupted while syncing the assets of " + spec.ref(), e);
    }
  }

  /** Every stream of the account; the consumers only of those the spec or Mooring has a say in. */
  private static Map<String, LiveStream> live(JetStreamManagement jsm, NatsSpec spec)
      throws IOException, JetStreamApiException {
    Map<String, LiveStream> live = new LinkedHashMap<>();
    List<String> declared =
        spec.jetstream().assets().streams().stream().map(NatsJetStreamAssets.Stream::name).toList();
    for (StreamInfo info : jsm.getStreams()) {
      String name = info.getConfiguration().getName();
      boolean consumersMatter =
          declared.contains(name)
              || JetStreamDesired.MANAGED.equals(info.getConfiguration().getDescription());
      List<ConsumerConfiguration> consumers = new ArrayList<>();
      if (consumersMatter) {
        for (ConsumerInfo consumer : jsm.getConsumers(name)) {
          consumers.add(consumer.getConsumerConfiguration());
        }
      }
      live.put(
          name,
          new LiveStream(info.getConfiguration(), info.getStreamState().getMsgCount(), consumers));
    }
    return live;
  }

  private static void call(AssetStep step, JetStreamManagement jsm, KeyValueManagement kvm)
      throws IOException, JetStreamApiException {
    boolean create = step.action().verb() == ObjectAction.AssetVerb.CREATE;
    if (step instanceof AssetStep.PutStream put) {
      if (create) {
        jsm.addStream(put.config());
      } else {
        jsm.updateStream(put.config());
      }
    } else if (step instanceof AssetStep.DeleteStream delete) {
      jsm.deleteStream(delete.name());
    } else if (step instanceof AssetStep.PutBucket put) {
      if (create) {
        kvm.create(put.config());
      } else {
        kvm.update(put.config());
      }
    } else if (step instanceof AssetStep.DeleteBucket delete) {
      kvm.delete(delete.bucket());
    } else if (step instanceof AssetStep.PutConsumer put) {
      jsm.addOrUpdateConsumer(put.stream(), put.config());
    } else if (step instanceof AssetStep.DeleteConsumer delete) {
      jsm.deleteConsumer(delete.stream(), delete.name());
    }
  }

  private static void carryOut(
      AppRef app, List<AssetStep> steps, JetStreamManagement jsm, KeyValueManagement kvm)
      throws IOException {
    for (AssetStep step : steps) {
      ObjectAction.ServerAsset action = step.action();
      try {
        call(step, jsm, kvm);
      } catch (JetStreamApiException e) {
        throw new JetStreamPeersException(
            "NATS refused to "
                + action.verb().name().toLowerCase(Locale.ROOT)
                + " "
                + action.key()
                + ": "
                + e.getErrorDescription()
                + " (err_code "
                + e.getApiErrorCode()
                + ")",
            e);
      }
      LOG.info("{}: {} {}", app, action.verb().name().toLowerCase(Locale.ROOT), action.key());
    }
  }
}
