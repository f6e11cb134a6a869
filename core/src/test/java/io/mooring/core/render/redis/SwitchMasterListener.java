package io.mooring.core.render.redis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A subscription to one Sentinel's {@code +switch-master} channel, as Sentinel-aware clients keep
 * one: each message names the new master ({@code <name> <old ip> <old port> <new ip> <new port>}).
 */
final class SwitchMasterListener implements AutoCloseable {
  private final String sentinel;
  private final RespClient connection;
  private final Consumer<String> newMaster;
  private final RollTimeline timeline;
  private final List<String> switches = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean stopped;

  /**
   * @param newMaster told the new master's address on every switch
   */
  SwitchMasterListener(
      String sentinel,
      int port,
      String password,
      Consumer<String> newMaster,
      RollTimeline timeline) {
    this.sentinel = sentinel;
    // No read timeout: the channel is quiet until a failover.
    this.connection = new RespClient(sentinel, port, password, 0);
    this.newMaster = newMaster;
    this.timeline = timeline;
    this.thread = new Thread(this::listen, "switch-master-" + sentinel);
    thread.setDaemon(true);
  }

  /** Subscribes before it returns, so no switch after this call is missed. */
  SwitchMasterListener start() {
    String reply = connection.call("SUBSCRIBE", "+switch-master");
    if (!reply.startsWith("subscribe")) {
      throw new AssertionError("Sentinel " + sentinel + " refused the subscription: " + reply);
    }
    thread.start();
    return this;
  }

  private void listen() {
    while (!stopped) {
      String message = connection.next();
      if (message.isEmpty()) {
        if (!stopped) {
          // Its switches() then miss what came after: a test counting them fails.
          timeline.mark("the subscription to Sentinel " + sentinel + " was closed");
        }
        return;
      }
      List<String> parts = message.lines().toList();
      if (parts.size() == 3 && parts.get(0).equals("message")) {
        switches.add(parts.get(2));
        timeline.mark("Sentinel " + sentinel + " +switch-master " + parts.get(2));
        newMaster.accept(parts.get(2).split(" ", -1)[3]);
      }
    }
  }

  /** The {@code +switch-master} messages received, in order. */
  List<String> switches() {
    return List.copyOf(switches);
  }

  @Override
  public void close() {
    stopped = true;
    connection.close();
  }
}
