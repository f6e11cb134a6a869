package io.mooring.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The start line and headers of an HTTP/1.1 message, read and written byte for byte: the {@link
 * FaultProxy} rewrites only the connection headers and relays everything else untouched.
 */
final class HttpHead {
  private static final int MAX_BYTES = 64 * 1024;

  private final String startLine;
  private final List<String[]> headers;

  private HttpHead(String startLine, List<String[]> headers) {
    this.startLine = startLine;
    this.headers = headers;
  }

  /** Reads up to the blank line; empty when the peer closed before sending anything. */
  static Optional<HttpHead> read(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        if (bytes.size() == 0) {
          return Optional.empty();
        }
        throw new EOFException("connection closed inside an HTTP head");
      }
      bytes.write(b);
      if (bytes.size() > MAX_BYTES) {
        throw new IOException("HTTP head over " + MAX_BYTES + " bytes");
      }
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String[] lines = bytes.toString(StandardCharsets.ISO_8859_1).split("\r\n", -1);
    List<String[]> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.add(
            new String[] {
              lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()
            });
      }
    }
    return Optional.of(new HttpHead(lines[0], headers));
  }

  String startLine() {
    return startLine;
  }

  Optional<String> header(String name) {
    return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst();
  }

  boolean hasToken(String name, String token) {
    return header(name)
        .map(v -> v.toLowerCase(Locale.ROOT).contains(token.toLowerCase(Locale.ROOT)))
        .orElse(false);
  }

  /** The same head without the named headers and with {@code extra} appended. */
  HttpHead rewrite(List<String> dropped, List<String[]> extra) {
    List<String[]> kept = new ArrayList<>();
    for (String[] h : headers) {
      if (dropped.stream().noneMatch(d -> d.equalsIgnoreCase(h[0]))) {
        kept.add(h);
      }
    }
    kept.addAll(extra);
    return new HttpHead(startLine, kept);
  }

  byte[] bytes() {
    StringBuilder text = new StringBuilder(startLine).append("\r\n");
    for (String[] h : headers) {
      text.append(h[0]).append(": ").append(h[1]).append("\r\n");
    }
    return text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A request's body, whole: by Content-Length, or decoded from chunks. */
  byte[] readBody(InputStream in) throws IOException {
    if (hasToken("Transfer-Encoding", "chunked")) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String sizeLine = readLine(in);
        int size = Integer.parseInt(sizeLine.split(";", 2)[0].trim(), 16);
        if (size == 0) {
          while (!readLine(in).isEmpty()) {
            // trailers: none that matter to the server here
          }
          return body.toByteArray();
        }
        body.write(readExactly(in, size));
        readLine(in);
      }
    }
    int length = header("Content-Length").map(Integer::parseInt).orElse(0);
    return readExactly(in, length);
  }

  private static byte[] readExactly(InputStream in, int length) throws IOException {
    byte[] bytes = in.readNBytes(length);
    if (bytes.length < length) {
      throw new EOFException("connection closed inside an HTTP body");
    }
    return bytes;
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("connection closed inside a chunked body");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }
}
