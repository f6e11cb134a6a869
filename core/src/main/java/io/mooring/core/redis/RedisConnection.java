package io.mooring.core.redis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocket;

/**
 * One connection to a Redis server speaking RESP2, for the few administrative commands Mooring
 * sends (INFO, CONFIG SET, REPLICAOF). Replies come back as text; an error reply is thrown as a
 * {@link RedisCommandException}. Arguments are never part of a message, since CONFIG SET carries
 * passwords.
 */
public final class RedisConnection implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RedisConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /**
   * Connects and, with a password, authenticates.
   *
   * @param username null for the default user
   * @param password null when the server has no authentication
   */
  public static RedisConnection open(
      String host, int port, String username, String password, Duration timeout) {
    return open(host, port, username, password, timeout, Optional.empty());
  }

  /**
   * As {@link #open(String, int, String, String, Duration)}, over TLS when {@code tls} is given:
   * the server must present a certificate of the app's CA that names {@code host}.
   */
  public static RedisConnection open(
      String host,
      int port,
      String username,
      String password,
      Duration timeout,
      Optional<RedisTlsClient> tls) {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      if (tls.isPresent()) {
        socket = tls.get().handshake(socket, host, port);
      }
      RedisConnection connection = new RedisConnection(socket);
      if (password != null) {
        if (username == null) {
          connection.call("AUTH", password);
        } else {
          connection.call("AUTH", username, password);
        }
      }
      return connection;
    } catch (IOException e) {
      closeQuietly(socket);
      throw new UncheckedIOException("cannot reach Redis at " + host + ":" + port, e);
    } catch (RedisCommandException e) {
      closeQuietly(socket);
      throw new RedisCommandException(
          "Redis at " + host + ":" + port + " refused the credentials: " + e.getMessage());
    }
  }

  /**
   * Connects and logs in with the first of {@code logins} the server accepts (none: no login); a
   * server that refuses them all is reported with the last refusal.
   */
  public static RedisConnection open(
      String host,
      int port,
      List<RedisLogin> logins,
      Duration timeout,
      Optional<RedisTlsClient> tls) {
    if (logins.isEmpty()) {
      return open(host, port, null, null, timeout, tls);
    }
    RedisCommandException refused = null;
    for (RedisLogin login : logins) {
      try {
        return open(host, port, login.user(), login.password(), timeout, tls);
      } catch (RedisCommandException e) {
        refused = e;
      }
    }
    throw refused;
  }

  /**
   * As {@link #callOnce(String, int, String, Duration, Optional, List)}, logged in with the first
   * of {@code logins} the server accepts.
   */
  public static Optional<String> callOnce(
      String host,
      int port,
      List<RedisLogin> logins,
      Duration timeout,
      Optional<RedisTlsClient> tls,
      List<String> command) {
    try (RedisConnection connection = open(host, port, logins, timeout, tls)) {
      try {
        return Optional.of(connection.call(command.toArray(String[]::new)));
      } catch (RedisCommandException e) {
        return Optional.of(e.getMessage());
      }
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * One command over a connection of its own, for the administrative commands that need no session:
   * connects, logs in when {@code password} is not null, runs {@code command} and closes. The reply
   * as text, an error reply as its message (starting with its code). Empty when the server cannot
   * be reached, refuses the login or closes the connection.
   */
  public static Optional<String> callOnce(
      String host, int port, String password, Duration timeout, List<String> command) {
    return callOnce(host, port, password, timeout, Optional.empty(), command);
  }

  /** As {@link #callOnce(String, int, String, Duration, List)}, over TLS when given. */
  public static Optional<String> callOnce(
      String host,
      int port,
      String password,
      Duration timeout,
      Optional<RedisTlsClient> tls,
      List<String> command) {
    return callOnce(
        host,
        port,
        password == null ? List.<RedisLogin>of() : List.of(RedisLogin.defaultUser(password)),
        timeout,
        tls,
        command);
  }

  /** The certificate the server presented; empty on a connection without TLS. */
  public Optional<X509Certificate> servedCertificate() {
    if (!(socket instanceof SSLSocket secure)) {
      return Optional.empty();
    }
    try {
      return Optional.of(RedisTlsClient.served(secure));
    } catch (IOException e) {
      throw new UncheckedIOException("no certificate on the TLS session", e);
    }
  }

  /** Sends one command; the reply as text (arrays one item a line). */
  public String call(String... args) {
    try {
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
      for (String arg : args) {
        byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
        request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        request.writeBytes(bytes);
        request.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
      }
      out.write(request.toByteArray());
      out.flush();
      return reply();
    } catch (IOException e) {
      throw new UncheckedIOException("connection to Redis lost during " + args[0], e);
    }
  }

  @Override
  public void close() {
    closeQuietly(socket);
  }

  private String reply() throws IOException {
    String line = line();
    if (line.isEmpty()) {
      throw new IOException("empty reply");
    }
    String rest = line.substring(1);
    return switch (line.charAt(0)) {
      case '+', ':' -> rest;
      case '-' -> throw new RedisCommandException(rest);
      case '$' -> bulk(Integer.parseInt(rest));
      case '*' -> array(Integer.parseInt(rest));
      default -> throw new IOException("unexpected reply type " + line.charAt(0));
    };
  }

  private String bulk(int length) throws IOException {
    if (length < 0) {
      return "";
    }
    byte[] bytes = in.readNBytes(length + 2);
    if (bytes.length < length + 2) {
      throw new EOFException();
    }
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  private String array(int count) throws IOException {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      items.add(reply());
    }
    return String.join("\n", items);
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    while (true) {
      int next = in.read();
      if (next < 0) {
        throw new EOFException();
      }
      if (previous == '\r' && next == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
      }
      line.write(next);
      previous = next;
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
  }
}
