package io.mooring.sandbox;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.mooring.sandbox.FaultPlan.ProxiedRequest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * An HTTP proxy between a Kubernetes client and an API server that fails on purpose, as its {@link
 * FaultPlan} chooses: error answers, throttling with {@code Retry-After}, slow answers, connection
 * resets (before and after the server acted), watch streams cut, and {@code 410 Gone} when a watch
 * resumes. It speaks cleartext HTTP/1.1, one request per connection (it tells both sides {@code
 * Connection: close}), and relays WebSocket and streamed watches byte for byte.
 */
public final class FaultProxy implements AutoCloseable {
  private static final List<String> HOP_BY_HOP =
      List.of(
          "Connection",
          "Keep-Alive",
          "Proxy-Connection",
          "Upgrade",
          "HTTP2-Settings",
          "Transfer-Encoding",
          "Content-Length");

  private final ServerSocket listener;
  private final InetSocketAddress upstream;
  private final ExecutorService workers;
  private final ScheduledExecutorService timers;
  private final Set<Socket> streams = ConcurrentHashMap.newKeySet();
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private volatile FaultPlan plan = FaultPlan.NONE;

  /**
   * A proxy on a free loopback port in front of {@code upstream}, e.g. the mock's {@code url()}.
   */
  public FaultProxy(String upstream) throws IOException {
    URI uri = URI.create(upstream);
    this.upstream = new InetSocketAddress(uri.getHost(), uri.getPort());
    this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    this.workers = Executors.newCachedThreadPool(daemonThreads("fault-proxy"));
    this.timers = Executors.newSingleThreadScheduledExecutor(daemonThreads("fault-proxy-timer"));
    workers.execute(this::accept);
  }

  /** From now on every request is handled as {@code plan} chooses. */
  public void plan(FaultPlan plan) {
    this.plan = plan;
  }

  public String url() {
    return "http://" + listener.getInetAddress().getHostAddress() + ":" + listener.getLocalPort();
  }

  /** How many requests met each kind of fault so far, {@code pass} included. */
  public Map<String, Long> counts() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((kind, n) -> copy.put(kind, n.sum()));
    return copy;
  }

  public long count(String kind) {
    LongAdder n = counts.get(kind);
    return n == null ? 0 : n.sum();
  }

  /** Cuts every open watch stream now, as an API server restart does. */
  public void cutStreams() {
    streams.forEach(FaultProxy::closeQuietly);
  }

  /** A client through this proxy, configured as Mooring's own (no client retries, HTTP/1.1). */
  public KubernetesClient createClient() {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url())
            .withNamespace("default")
            .withRequestRetryBackoffLimit(0)
            .withHttp2Disable(true)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  @Override
  public void close() {
    closeQuietly(listener);
    cutStreams();
    workers.shutdownNow();
    timers.shutdownNow();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        workers.execute(() -> serve(client));
      } catch (IOException e) {
        if (!listener.isClosed()) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  private void serve(Socket client) {
    Socket server = null;
    try {
      InputStream in = new BufferedInputStream(client.getInputStream());
      HttpHead request = HttpHead.read(in).orElse(null);
      if (request == null) {
        return;
      }
      byte[] body = request.readBody(in);
      boolean upgrade = request.hasToken("Upgrade", "websocket");
      ProxiedRequest described = describe(request.startLine());
      Fault fault = plan.choose(described);
      counts.computeIfAbsent(fault.kind(), k -> new LongAdder()).increment();
      OutputStream out = client.getOutputStream();
      if (fault instanceof Fault.Status status) {
        answer(out, status.code(), 0);
        return;
      }
      if (fault instanceof Fault.Throttle throttle) {
        answer(out, 429, throttle.retryAfterSeconds());
        return;
      }
      if (fault instanceof Fault.Reset reset && !reset.afterForwarding()) {
        reset(client);
        return;
      }
      if (fault instanceof Fault.Slow slow) {
        Thread.sleep(slow.delay().toMillis());
      }
      server = new Socket(upstream.getAddress(), upstream.getPort());
      OutputStream up = server.getOutputStream();
      up.write(forwardHead(request, body.length, upgrade).bytes());
      up.write(body);
      up.flush();
      InputStream down = new BufferedInputStream(server.getInputStream());
      HttpHead response = HttpHead.read(down).orElseThrow(() -> new IOException("no answer"));
      if (fault instanceof Fault.Reset) {
        // The server has answered, so it acted; the client never learns it.
        reset(client);
        return;
      }
      boolean switched = response.startLine().contains(" 101 ");
      out.write(
          (switched
                  ? response
                  : response.rewrite(
                      List.of("Connection", "Keep-Alive"),
                      List.<String[]>of(new String[] {"Connection", "close"})))
              .bytes());
      out.flush();
      if (described.watch() || switched) {
        streams.add(client);
        streams.add(server);
        if (fault instanceof Fault.CloseStream cut) {
          Socket s = server;
          java.util.concurrent.Future<?> unused =
              timers.schedule(
                  () -> cut(client, s, switched), cut.after().toMillis(), TimeUnit.MILLISECONDS);
        }
      }
      if (switched) {
        Socket s = server;
        workers.execute(() -> forwardUntilClosed(in, s));
      }
      relay(down, client);
    } catch (IOException e) {
      // A peer went away: the client sees a closed connection, which is what it would see anyway.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      streams.remove(client);
      closeQuietly(client);
      if (server != null) {
        streams.remove(server);
        closeQuietly(server);
      }
    }
  }

  private static HttpHead forwardHead(HttpHead request, int bodyLength, boolean upgrade) {
    if (upgrade) {
      return request;
    }
    return request.rewrite(
        HOP_BY_HOP,
        List.of(
            new String[] {"Content-Length", Integer.toString(bodyLength)},
            new String[] {"Connection", "close"}));
  }

  static ProxiedRequest describe(String startLine) {
    String[] parts = startLine.split(" ", -1);
    String method = parts[0];
    String target = parts.length > 1 ? parts[1] : "/";
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    String query = q < 0 ? "" : target.substring(q + 1);
    boolean watch = false;
    boolean resumes = false;
    for (String pair : query.split("&", -1)) {
      watch |= pair.equals("watch=true") || pair.equals("watch=1");
      // "0" asks for any version, which no server answers with 410.
      resumes |=
          pair.startsWith("resourceVersion=")
              && !pair.equals("resourceVersion=")
              && !pair.equals("resourceVersion=0");
    }
    return new ProxiedRequest(method, path, query, watch, watch && resumes);
  }

  private static void answer(OutputStream out, int code, int retryAfterSeconds) throws IOException {
    String reason =
        switch (code) {
          case 409 -> "Conflict";
          case 410 -> "Expired";
          case 429 -> "TooManyRequests";
          case 503 -> "ServiceUnavailable";
          default -> "InternalError";
        };
    String details =
        retryAfterSeconds > 0
            ? ",\"details\":{\"retryAfterSeconds\":" + retryAfterSeconds + "}"
            : "";
    String body =
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
            + "\"message\":\"injected by the fault proxy\",\"reason\":\""
            + reason
            + "\",\"code\":"
            + code
            + details
            + "}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + code
            + " "
            + reason
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + bytes.length
            + (retryAfterSeconds > 0 ? "\r\nRetry-After: " + retryAfterSeconds : "")
            + "\r\nConnection: close\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(bytes);
    out.flush();
  }

  /**
   * Copies {@code from} to {@code to} until {@code from} ends. When {@code to} was cut, the rest is
   * read and dropped: the server finishes its side of the stream in order.
   */
  private static void relay(InputStream from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    boolean writing = true;
    try {
      OutputStream out = to.getOutputStream();
      for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
        if (writing) {
          try {
            out.write(buffer, 0, n);
            out.flush();
          } catch (IOException e) {
            writing = false;
          }
        }
      }
    } catch (IOException e) {
      // the server side closed
    }
  }

  /** The client's side of a WebSocket: its frames to the server, and its end as the server's. */
  private static void forwardUntilClosed(InputStream from, Socket server) {
    byte[] buffer = new byte[16 * 1024];
    try {
      OutputStream out = server.getOutputStream();
      for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
        out.write(buffer, 0, n);
        out.flush();
      }
      server.shutdownOutput();
    } catch (IOException e) {
      // cut by the proxy, or the server went away: its end is handled by the other direction
    }
  }

  /**
   * Cuts a watch as a dying connection does for the client, and closes it in order for the server:
   * a WebSocket close frame (masked, as every client frame must be, here with a zero key) rather
   * than a torn connection, which the mock API server handles by blocking its event loop.
   */
  private static void cut(Socket client, Socket server, boolean webSocket) {
    closeQuietly(client);
    if (!webSocket) {
      closeQuietly(server);
      return;
    }
    try {
      OutputStream out = server.getOutputStream();
      synchronized (out) {
        out.write(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xE8});
        out.flush();
      }
    } catch (IOException e) {
      closeQuietly(server);
    }
  }

  private static void reset(Socket socket) throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // already closed
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
