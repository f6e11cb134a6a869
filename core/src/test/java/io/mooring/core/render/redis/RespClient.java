package io.mooring.core.render.redis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis client that keeps one connection open, as application clients do, and opens a new one
 * after the server or a proxy closed it. Unlike {@link RedisCli}, which connects per command, it
 * shows what a client holding a connection through a failover sees.
 */
final class RespClient implements AutoCloseable {
  private final String host;
  private final int port;
  private final String password;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private final int timeoutMillis;
  private int connections;

  RespClient(String host, int port, String password) {
    this(host, port, password, 5000);
  }

  /** As above; a reply that takes longer than {@code timeoutMillis} closes the connection. */
  RespClient(String host, int port, String password, int timeoutMillis) {
    this.host = host;
    this.port = port;
    this.password = password;
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * The reply as text (an error reply starts with its code, e.g. {@code READONLY}); "" when the
   * connection failed or was closed, after which the next call opens a new one.
   */
  String call(String... args) {
    try {
      if (socket == null) {
        connect();
      }
      return send(args);
    } catch (IOException e) {
      close();
      return "";
    }
  }

  /**
   * The next reply the server pushes without a request (a message on a channel this connection
   * subscribed to); "" once the connection failed or was closed.
   */
  String next() {
    try {
      if (socket == null) {
        return "";
      }
      return reply();
    } catch (IOException e) {
      close();
      return "";
    }
  }

  String host() {
    return host;
  }

  int port() {
    return port;
  }

  String password() {
    return password;
  }

  /** How many connections were opened so far. */
  int connections() {
    return connections;
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already gone
      }
      socket = null;
    }
  }

  private void connect() throws IOException {
    Socket opened = new Socket();
    opened.connect(new InetSocketAddress(host, port), 2000);
    opened.setSoTimeout(timeoutMillis);
    socket = opened;
    in = new BufferedInputStream(opened.getInputStream());
    out = opened.getOutputStream();
    connections++;
    if (password != null && !"OK".equals(send("AUTH", password))) {
      throw new IOException("AUTH refused");
    }
  }

  private String send(String... args) throws IOException {
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
  }

  private String reply() throws IOException {
    String line = line();
    if (line.isEmpty()) {
      throw new IOException("empty reply");
    }
    String rest = line.substring(1);
    return switch (line.charAt(0)) {
      case '+', '-', ':' -> rest;
      case '$' -> bulk(Integer.parseInt(rest));
      case '*' -> array(Integer.parseInt(rest));
      default -> throw new IOException("unexpected reply " + line);
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
}
