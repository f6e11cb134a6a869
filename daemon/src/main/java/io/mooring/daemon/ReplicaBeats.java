package io.mooring.daemon;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.mooring.shard.Replicas;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Replicas announce themselves in the {@link StateConfigMap}, one data key each ({@code
 * replica.<identity>}) whose value changes on every beat. A replica is alive while its value
 * changed within the lease duration, as this replica saw it: no clock of another node is trusted.
 * Each replica writes only its own key with a merge patch, so beats never conflict; a key unchanged
 * for long is removed by whoever notices.
 */
final class ReplicaBeats implements Replicas {
  static final String KEY_PREFIX = "replica.";

  private final StateConfigMap state;
  private final String identity;
  private final Duration leaseDuration;
  private final LongSupplier nanos;
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();
  private long beats;

  private record Seen(String value, long sinceNanos) {}

  ReplicaBeats(StateConfigMap state, String identity, Duration leaseDuration, LongSupplier nanos) {
    this.state = state;
    this.identity = identity;
    this.leaseDuration = leaseDuration;
    this.nanos = nanos;
  }

  @Override
  public void beat() {
    beats++;
    Map<String, String> data = new HashMap<>();
    data.put(KEY_PREFIX + identity, System.currentTimeMillis() + "-" + beats);
    // Beats of replicas gone for long would otherwise stay in the ConfigMap for good.
    long now = nanos.getAsLong();
    seen.forEach(
        (replica, last) -> {
          if (now - last.sinceNanos > leaseDuration.toNanos() * 4) {
            data.put(KEY_PREFIX + replica, null);
          }
        });
    state.merge(Map.of(), data);
  }

  @Override
  public Set<String> alive() {
    ConfigMap current = state.current();
    Map<String, String> data =
        current == null || current.getData() == null ? Map.of() : current.getData();
    long now = nanos.getAsLong();
    Set<String> alive = new TreeSet<>();
    Set<String> present = new TreeSet<>();
    data.forEach(
        (key, value) -> {
          if (!key.startsWith(KEY_PREFIX) || value == null) {
            return;
          }
          String replica = key.substring(KEY_PREFIX.length());
          present.add(replica);
          Seen last = seen.get(replica);
          if (last == null || !last.value.equals(value)) {
            last = new Seen(value, now);
            seen.put(replica, last);
          }
          if (now - last.sinceNanos < leaseDuration.toNanos()) {
            alive.add(replica);
          }
        });
    seen.keySet().retainAll(present);
    return alive;
  }

  @Override
  public void leave() {
    Map<String, String> data = new HashMap<>();
    data.put(KEY_PREFIX + identity, null);
    state.merge(Map.of(), data);
  }
}
