package io.mooring.sandbox;

import java.time.Duration;

/**
 * What the {@link FaultProxy} does with one request: the failures a real API server and the network
 * between produce, one kind each.
 */
public sealed interface Fault {
  /** Forwarded untouched. */
  Pass PASS = new Pass();

  /** A short name for counts and logs, e.g. {@code 503} or {@code reset}. */
  String kind();

  /** Forwarded untouched. */
  record Pass() implements Fault {
    @Override
    public String kind() {
      return "pass";
    }
  }

  /**
   * Answered by the proxy with {@code code} and a Kubernetes {@code Status} body, the request never
   * reaching the server: 500/503 (server error), 409 (conflict with a newer state), 410 (a watch
   * resumed from a resourceVersion the server no longer has).
   */
  record Status(int code) implements Fault {
    @Override
    public String kind() {
      return Integer.toString(code);
    }
  }

  /**
   * 429 with {@code Retry-After} and {@code details.retryAfterSeconds}, as the API server's
   * priority and fairness answers when it sheds load.
   */
  record Throttle(int retryAfterSeconds) implements Fault {
    @Override
    public String kind() {
      return "429";
    }
  }

  /** Forwarded after {@code delay}: a slow server or network. */
  record Slow(Duration delay) implements Fault {
    @Override
    public String kind() {
      return "slow";
    }
  }

  /**
   * The connection is reset. With {@code afterForwarding} the server has already acted on the
   * request when the client loses the answer: the case that turns a naive retry into a duplicate.
   */
  record Reset(boolean afterForwarding) implements Fault {
    @Override
    public String kind() {
      return afterForwarding ? "reset-after-forwarding" : "reset";
    }
  }

  /** A watch stream forwarded and then cut by the proxy after {@code after}. */
  record CloseStream(Duration after) implements Fault {
    @Override
    public String kind() {
      return "close-stream";
    }
  }
}
