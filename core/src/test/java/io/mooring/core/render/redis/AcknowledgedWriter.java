package io.mooring.core.render.redis;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Writes without pause to whatever master the Sentinels name, as a Sentinel-aware client does: a
 * write counts as acknowledged once {@code WAIT 1} says a replica has it. Measures the longest time
 * between two acknowledged writes.
 */
final class AcknowledgedWriter implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private final Supplier<Optional<String>> master;
  private final int port;
  private final String password;
  private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean stopped;
  private volatile long longestGapNanos;

  /**
   * @param master the master's address as the Sentinels name it now
   */
  AcknowledgedWriter(Supplier<Optional<String>> master, int port, String password) {
    this.master = master;
    this.port = port;
    this.password = password;
    this.thread = new Thread(this::write, "acknowledged-writer");
    thread.setDaemon(true);
  }

  AcknowledgedWriter start() {
    thread.start();
    return this;
  }

  private void write() {
    long last = System.nanoTime();
    int sequence = 0;
    RespClient client = null;
    while (!stopped) {
      Optional<String> host = master.get();
      if (host.isEmpty()) {
        continue;
      }
      if (client == null || !client.host().equals(host.get())) {
        if (client != null) {
          client.close();
        }
        client = new RespClient(host.get(), port, password, (int) TIMEOUT.toMillis() * 2);
      }
      String key = "roll-" + sequence++;
      String value = Integer.toString(sequence);
      if (!"OK".equals(client.call("SET", key, value))) {
        continue;
      }
      // WAIT counts the replicas that have this connection's last write.
      String replicas = client.call("WAIT", "1", Long.toString(TIMEOUT.toMillis()));
      if (replicas.matches("[1-9]\\d*")) {
        acknowledged.put(key, value);
        long now = System.nanoTime();
        longestGapNanos = Math.max(longestGapNanos, now - last);
        last = now;
      }
    }
    if (client != null) {
      client.close();
    }
  }

  /** Every write a replica acknowledged, key to value. */
  Map<String, String> acknowledged() {
    return Map.copyOf(acknowledged);
  }

  Duration longestOutage() {
    return Duration.ofNanos(longestGapNanos);
  }

  @Override
  public void close() {
    stopped = true;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
