package io.mooring.core.redis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One Redis or Sentinel command over a connection of its own: the few administrative commands
 * Mooring sends need no pool, and a fresh connection never carries state from a previous one.
 */
public final class Resp {
  private Resp() {}

  /**
   * Connects, logs in when {@code password} is not null, runs {@code command} and closes. The reply
   * as text: an error starts with its code, an array has one item per line. Empty when the server
   * cannot be reached, refuses the login or closes the connection.
   */
  public static Optional<String> call(
      String host, int port, String password, Duration timeout, List<String> command) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      if (password != null) {
        send(out, List.of("AUTH", password));
        if (!"OK".equals(reply(in))) {
          return Optional.empty();
        }
      }
      send(out, command);
      return Optional.of(reply(in));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static void send(OutputStream out, List<String> args) throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(("*" + args.size() + "\r\n").getBytes(StandardCharsets.UTF_8));
    for (String arg : args) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
      request.writeBytes(bytes);
      request.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.write(request.toByteArray());
    out.flush();
  }

  private static String reply(InputStream in) throws IOException {
    String line = line(in);
    if (line.isEmpty()) {
      throw new IOException("empty reply");
    }
    String rest = line.substring(1);
    return switch (line.charAt(0)) {
      case '+', '-', ':' -> rest;
      case '$' -> bulk(in, Integer.parseInt(rest));
      case '*' -> array(in, Integer.parseInt(rest));
      default -> throw new IOException("unexpected reply type " + line.charAt(0));
    };
  }

  private static String bulk(InputStream in, int length) throws IOException {
    if (length < 0) {
      return "";
    }
    byte[] bytes = in.readNBytes(length + 2);
    if (bytes.length < length + 2) {
      throw new EOFException();
    }
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  private static String array(InputStream in, int count) throws IOException {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      items.add(reply(in));
    }
    return String.join("\n", items);
  }

  private static String line(InputStream in) throws IOException {
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
