package io.mooring.daemon;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a push received by a standby replica to the leader, through the API: the standby writes a
 * new value into an annotation of the {@link StateConfigMap}, which the leader watches and answers
 * with a sync, as if the webhook had reached it. A load balancer may send a webhook to any replica;
 * none is lost waiting for the poll. The API is the only path every replica has to the leader (no
 * pod-to-pod traffic, no label on the leader's pod to keep right), and the same path will reach the
 * owner of a shard.
 */
final class SyncRelay {
  static final String ANNOTATION = "mooring.io/sync-requested";
  private static final Logger LOG = LoggerFactory.getLogger(SyncRelay.class);

  private final String identity;
  private StateConfigMap state;
  private final Object lock = new Object();
  // The request last seen; null until the ConfigMap was first seen (existing requests are old).
  private String seen;
  private boolean initialised;

  SyncRelay(String identity) {
    this.identity = identity;
  }

  void attach(StateConfigMap stateConfigMap) {
    this.state = stateConfigMap;
  }

  /** Asks the leader for a sync. Blocks on one API call: not for the event loop. */
  void forward() {
    String request = identity + " " + UUID.randomUUID();
    try {
      state.merge(Map.of(ANNOTATION, request), Map.of());
      LOG.atInfo().addKeyValue("request", request).log("push forwarded to the leader");
    } catch (RuntimeException e) {
      LOG.warn("could not forward a push to the leader; the poll will find it: {}", e.toString());
    }
  }

  /**
   * True when {@code configMap} carries a request not seen before (the caller, when leader, syncs).
   * The first version seen only sets the baseline: a request older than this replica was answered
   * by the leader of its time, and a new leader resyncs anyway.
   */
  boolean newRequest(ConfigMap configMap) {
    Map<String, String> annotations = configMap.getMetadata().getAnnotations();
    String request = annotations == null ? null : annotations.get(ANNOTATION);
    synchronized (lock) {
      // A replica's own request: it synced when it received the push.
      boolean fresh =
          initialised
              && request != null
              && !Objects.equals(request, seen)
              && !request.startsWith(identity + " ");
      seen = request;
      initialised = true;
      return fresh;
    }
  }
}
