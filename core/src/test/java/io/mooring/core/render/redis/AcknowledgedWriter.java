package io.mooring.core.render.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Writes without pause as a well-written Sentinel-aware client does: it asks the Sentinels for the
 * master when it starts and whenever the master refuses it ({@code READONLY}, {@code NOREPLICAS})
 * or the connection fails, and follows {@code +switch-master} on a subscription to every Sentinel
 * (as Jedis' Sentinel pool does). A write counts as acknowledged once {@code WAIT 1} says a replica
 * has it. Measures the longest time between two acknowledged writes and notes on a {@link
 * RollTimeline} each change of master and each new kind of reply.
 */
final class AcknowledgedWriter implements AutoCloseable {
  /** A common client default (Jedis' socket timeout). */
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private static final Duration WAIT = Duration.ofSeconds(1);

  private final Supplier<Optional<String>> askSentinels;
  private final int port;
  private final String password;
  private final RollTimeline timeline;
  private final List<SwitchMasterListener> listeners = new ArrayList<>();
  private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile String master;
  private volatile boolean stopped;
  private volatile long longestGapNanos;
  private volatile long gapFrom;
  private volatile long gapTo;

  /**
   * @param askSentinels the master's address as the Sentinels name it now
   * @param sentinels the Sentinels' addresses, each subscribed to
   */
  AcknowledgedWriter(
      Supplier<Optional<String>> askSentinels,
      List<String> sentinels,
      int sentinelPort,
      int port,
      String password,
      RollTimeline timeline) {
    this.askSentinels = askSentinels;
    this.port = port;
    this.password = password;
    this.timeline = timeline;
    for (String sentinel : sentinels) {
      listeners.add(
          new SwitchMasterListener(
              sentinel, sentinelPort, password, address -> master = address, timeline));
    }
    this.thread = new Thread(this::write, "acknowledged-writer");
    thread.setDaemon(true);
  }

  AcknowledgedWriter start() {
    listeners.forEach(SwitchMasterListener::start);
    thread.start();
    return this;
  }

  private void write() {
    long last = System.nanoTime();
    int sequence = 0;
    RespClient client = null;
    String previousReply = "";
    String lastNamed = "";
    while (!stopped) {
      String host = master;
      if (host == null) {
        host = askSentinels.get().orElse(null);
        master = host;
        if (host == null) {
          continue;
        }
        if (!host.equals(lastNamed)) {
          timeline.mark("writer: the Sentinels name " + host);
          lastNamed = host;
        }
      }
      if (client == null || !client.host().equals(host)) {
        if (client != null) {
          client.close();
        }
        client = new RespClient(host, port, password, (int) TIMEOUT.toMillis());
        timeline.mark("writer: connects to " + host);
      }
      String key = "roll-" + sequence++;
      String value = Integer.toString(sequence);
      String reply = client.call("SET", key, value);
      String kind =
          reply.isEmpty() ? "(connection failed or timed out)" : reply.replaceFirst(" .*", "");
      if (!kind.equals(previousReply)) {
        timeline.mark("writer: SET on " + host + " -> " + kind);
        previousReply = kind;
      }
      if (!"OK".equals(reply)) {
        // Refused or cut off: the master may have moved; ask the Sentinels again.
        master = null;
        continue;
      }
      // WAIT counts the replicas that have this connection's last write.
      String replicas = client.call("WAIT", "1", Long.toString(WAIT.toMillis()));
      if (replicas.matches("[1-9]\\d*")) {
        acknowledged.put(key, value);
        long now = System.nanoTime();
        if (now - last > longestGapNanos) {
          longestGapNanos = now - last;
          gapFrom = last;
          gapTo = now;
        }
        last = now;
      } else if (!("WAIT " + replicas).equals(previousReply)) {
        previousReply = "WAIT " + replicas;
        timeline.mark(
            "writer: WAIT 1 on " + host + " -> " + (replicas.isEmpty() ? "(timed out)" : replicas));
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

  /** When the longest outage began and ended, on {@link System#nanoTime()}. */
  long[] longestOutageSpan() {
    return new long[] {gapFrom, gapTo};
  }

  /** The {@code +switch-master} messages each Sentinel sent, in the order of the Sentinels. */
  List<List<String>> switches() {
    return listeners.stream().map(SwitchMasterListener::switches).toList();
  }

  @Override
  public void close() {
    stopped = true;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    listeners.forEach(SwitchMasterListener::close);
  }
}
