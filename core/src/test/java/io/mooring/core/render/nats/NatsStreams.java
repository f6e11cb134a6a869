package io.mooring.core.render.nats;

import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.time.Duration;

/** Stream creation as a client that retries would see it. */
final class NatsStreams {
  private NatsStreams() {}

  /**
   * Creates the stream, asking again while a peer refuses it. In operator mode a server loads an
   * account, and sets up its JetStream directory, the first time the account is used there;
   * nats-server 2.9.10 can place a new stream on a peer in that instant and fail it with 10049
   * ("could not create storage directory ... no such file or directory"). The next request
   * succeeds.
   */
  static StreamInfo create(Connection connection, StreamConfiguration stream) {
    return await("stream " + stream.getName() + " created")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptionsInstanceOf(JetStreamApiException.class)
        .until(() -> connection.jetStreamManagement().addStream(stream), info -> info != null);
  }
}
