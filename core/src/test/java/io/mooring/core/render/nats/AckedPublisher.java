package io.mooring.core.render.nats;

import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A JetStream client publishing numbered messages in the background, one at a time, each asked
 * again under the same message id until the stream acknowledges it (so a retry after a lost ack is
 * not stored twice). What it keeps is the list of acknowledged payloads: exactly what the stream
 * must hold.
 */
final class AckedPublisher implements AutoCloseable {
  private final Connection client;
  private final String subject;
  private final List<String> acked = new CopyOnWriteArrayList<>();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final ExecutorService thread = Executors.newSingleThreadExecutor();
  private final Future<?> loop;

  AckedPublisher(Connection client, String subject) {
    this.client = client;
    this.subject = subject;
    this.loop = thread.submit(this::run);
  }

  private void run() {
    for (int i = 0; !stopping.get(); i++) {
      String payload = "m" + i;
      while (!publish(payload)) {
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
      }
      acked.add(payload);
    }
  }

  private boolean publish(String payload) {
    try {
      PublishAck ack =
          client
              .jetStream()
              .publish(
                  subject,
                  payload.getBytes(StandardCharsets.UTF_8),
                  PublishOptions.builder().messageId(payload).build());
      return ack.getSeqno() > 0;
    } catch (IOException | JetStreamApiException | IllegalStateException e) {
      // No ack: the stream may be electing a leader or the client reconnecting. Ask again.
      return false;
    }
  }

  /** How many messages the stream has acknowledged so far. */
  int count() {
    return acked.size();
  }

  /** Waits until the stream has acknowledged more than {@code count} messages. */
  void awaitMoreThan(int count, String when) {
    await("messages acknowledged " + when)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> acked.size() > count);
  }

  /** Stops after the message in flight is acknowledged; returns every acknowledged payload. */
  List<String> stop() throws Exception {
    stopping.set(true);
    loop.get(60, TimeUnit.SECONDS);
    return List.copyOf(acked);
  }

  @Override
  public void close() {
    stopping.set(true);
    thread.shutdownNow();
  }
}
