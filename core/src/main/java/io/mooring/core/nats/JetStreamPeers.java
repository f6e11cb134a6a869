package io.mooring.core.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * A connection to a NATS cluster as a system-account user, to read and shrink the JetStream meta
 * group. Every call is bounded by the timeout given at connect. The password is used to log in and
 * kept nowhere else: it appears in no message, log line or {@code toString}.
 */
public final class JetStreamPeers implements AutoCloseable {
  static final String SERVER_REMOVE = "$JS.API.SERVER.REMOVE";
  // Every server answers; only the meta leader lists the other peers ("replicas").
  static final String PING_JSZ = "$SYS.REQ.SERVER.PING.JSZ";

  /** "server is not a member of the cluster": the peer is already gone. */
  static final int NOT_A_MEMBER = 10044;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Connection connection;
  private final String url;
  private final Duration timeout;

  private JetStreamPeers(Connection connection, String url, Duration timeout) {
    this.connection = connection;
    this.url = url;
    this.timeout = timeout;
  }

  /** Logs in without reconnecting: a failed step is reported, and the next sync tries again. */
  public static JetStreamPeers connect(String url, String user, String password, Duration timeout) {
    return connect(url, new Options.Builder().userInfo(user, password), "as " + user, timeout);
  }

  /**
   * As {@link #connect(String, String, String, Duration)}, with a creds file (operator mode); the
   * file is used to log in and kept nowhere.
   */
  public static JetStreamPeers connectWithCreds(String url, byte[] creds, Duration timeout) {
    return connect(
        url,
        new Options.Builder().authHandler(Nats.staticCredentials(creds)),
        "with the system user's creds",
        timeout);
  }

  /** As the others, with a login (and TLS) already in {@code login}. */
  static JetStreamPeers connect(String url, Options.Builder login, String who, Duration timeout) {
    Options options =
        login
            .server(url)
            .connectionTimeout(timeout)
            .noReconnect()
            // Failures reach the caller as exceptions; the default listener would log each again as
            // SEVERE.
            .errorListener(new ErrorListener() {})
            .build();
    try {
      return new JetStreamPeers(Nats.connect(options), url, timeout);
    } catch (IOException e) {
      throw new JetStreamPeersException(
          "cannot connect to " + url + " " + who + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JetStreamPeersException("interrupted while connecting to " + url, e);
    }
  }

  /**
   * The servers in the JetStream meta group, as the meta leader sees them (offline ones included).
   */
  public Set<String> metaGroup() {
    String inbox = connection.createInbox();
    Subscription answers = connection.subscribe(inbox);
    try {
      connection.publish(PING_JSZ, inbox, new byte[0]);
      long deadline = System.nanoTime() + timeout.toNanos();
      long left;
      while ((left = deadline - System.nanoTime()) > 0) {
        Message answer = answers.nextMessage(Duration.ofNanos(left));
        // A status message ("no responders") means no server took the request at all.
        if (answer == null || answer.isStatusMessage()) {
          break;
        }
        Set<String> peers = peersIfLeader(JSON.readTree(answer.getData()));
        if (peers != null) {
          return peers;
        }
      }
      throw new JetStreamPeersException(
          "no JetStream meta leader answered at "
              + url
              + " within "
              + timeout
              + " (JetStream may have lost its quorum, or the user is not in the system account)");
    } catch (IOException e) {
      throw new JetStreamPeersException(
          "unreadable answer to " + PING_JSZ + " from " + url + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JetStreamPeersException("interrupted while reading the meta group at " + url, e);
    } finally {
      answers.unsubscribe();
    }
  }

  private static Set<String> peersIfLeader(JsonNode answer) {
    String server = answer.path("server").path("name").asText();
    JsonNode meta = answer.path("data").path("meta_cluster");
    if (server.isEmpty() || !server.equals(meta.path("leader").asText())) {
      return null;
    }
    Set<String> peers = new LinkedHashSet<>();
    peers.add(server);
    meta.path("replicas").forEach(replica -> peers.add(replica.path("name").asText()));
    return peers;
  }

  /**
   * Removes each named server from the meta group and waits until the group no longer lists them. A
   * server that is not (or no longer) a member counts as removed, so the call can be repeated. A
   * server still running can be added back by the meta leader when it hears from it before it
   * learnt of its removal; the removal is then sent again, until the timeout.
   *
   * @return the servers this call removed (the others were already gone)
   */
  public List<String> remove(List<String> serverNames) {
    Set<String> removed = new LinkedHashSet<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Set<String> group = metaGroup();
      List<String> members = serverNames.stream().filter(group::contains).toList();
      if (members.isEmpty()) {
        return List.copyOf(removed);
      }
      if (System.nanoTime() > deadline) {
        throw new JetStreamPeersException(
            members
                + " still in the JetStream meta group at "
                + url
                + " "
                + timeout
                + " after their removal");
      }
      for (String server : members) {
        if (removeOne(server)) {
          removed.add(server);
        }
      }
      pause();
    }
  }

  private static void pause() {
    try {
      // The meta leader answers a removal before the group has applied it.
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JetStreamPeersException(
          "interrupted while waiting for the meta group to apply a removal", e);
    }
  }

  /**
   * @return false when the server already was not a member
   */
  private boolean removeOne(String server) {
    byte[] body =
        JSON.createObjectNode().put("peer", server).toString().getBytes(StandardCharsets.UTF_8);
    JsonNode answer;
    try {
      Message reply = connection.request(SERVER_REMOVE, body, timeout);
      if (reply == null) {
        throw new TimeoutException();
      }
      answer = JSON.readTree(reply.getData());
    } catch (TimeoutException e) {
      throw new JetStreamPeersException(
          "no answer from " + url + " to removing " + server + " within " + timeout, e);
    } catch (IOException e) {
      throw new JetStreamPeersException(
          "unreadable answer from " + url + " to removing " + server + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JetStreamPeersException("interrupted while removing " + server, e);
    }
    JsonNode error = answer.path("error");
    if (error.isMissingNode()) {
      if (!answer.path("success").asBoolean()) {
        throw new JetStreamPeersException("removing " + server + " did not succeed: " + answer);
      }
      return true;
    }
    if (error.path("err_code").asInt() == NOT_A_MEMBER) {
      return false;
    }
    throw new JetStreamPeersException(
        "NATS refused to remove "
            + server
            + " from the meta group: "
            + error.path("description").asText()
            + " (code "
            + error.path("code").asInt()
            + ", err_code "
            + error.path("err_code").asInt()
            + ")");
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "JetStreamPeers[" + url + "]";
  }
}
