package io.mooring.forge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets commit statuses on the git host from its own thread: {@link #report} returns at once, so a
 * slow, failing or rate-limiting API never holds a sync back. A status is sent only when it changes
 * the state of its commit and context; while a rate limit lasts (403/429 with reset headers, see
 * {@link RateLimit}) nothing is sent, and the status waiting is retried after the reset, at most
 * {@code maxWait} later and {@code maxAttempts} times. A newer status of the same commit replaces
 * one still waiting. Every answer is counted in {@code
 * mooring_commit_status_requests_total{result}}: ok, rate_limited or error.
 */
public final class CommitStatusReporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CommitStatusReporter.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** States remembered per commit; older commits are forgotten first. */
  private static final int REMEMBERED = 1000;

  private final ForgeClient client;
  private final Duration maxWait;
  private final int maxAttempts;
  private final Clock clock;
  private final ScheduledExecutorService worker;
  private final Map<String, Counter> results = new LinkedHashMap<>();

  // Guarded by this.
  private final Map<String, Waiting> waiting = new LinkedHashMap<>();
  private final Map<String, CommitState> sent =
      new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CommitState> eldest) {
          return size() > REMEMBERED;
        }
      };
  private boolean scheduled;
  private boolean sending;

  private record Waiting(CommitStatus status, int attempts) {}

  public CommitStatusReporter(
      ForgeClient client, MeterRegistry registry, Duration maxWait, int maxAttempts, Clock clock) {
    this.client = client;
    this.maxWait = maxWait;
    this.maxAttempts = maxAttempts;
    this.clock = clock;
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "mooring-commit-status");
              thread.setDaemon(true);
              return thread;
            });
    for (String result : new String[] {"ok", "rate_limited", "error"}) {
      results.put(
          result,
          Counter.builder("mooring.commit.status.requests")
              .description("Commit status requests sent to the git host's API, by result")
              .tag("result", result)
              .register(registry));
    }
  }

  /** The default bounds: wait at most 5 minutes for a rate limit, try a status 5 times. */
  public static CommitStatusReporter standard(ForgeClient client, MeterRegistry registry) {
    return new CommitStatusReporter(client, registry, Duration.ofMinutes(5), 5, Clock.systemUTC());
  }

  /** Queues {@code status} unless its commit already has that state in that context. */
  public synchronized void report(CommitStatus status) {
    String key = status.sha() + " " + status.context();
    Waiting queued = waiting.get(key);
    CommitState latest = queued != null ? queued.status().state() : sent.get(key);
    if (latest == status.state()) {
      return;
    }
    waiting.put(key, new Waiting(status, queued == null ? 0 : queued.attempts()));
    schedule(Duration.ZERO);
  }

  /** True when nothing waits to be sent (tests wait on it). */
  public synchronized boolean idle() {
    return waiting.isEmpty() && !sending;
  }

  // The future is not kept: close() cancels the whole worker.
  @SuppressWarnings("FutureReturnValueIgnored")
  private void schedule(Duration delay) {
    if (scheduled || worker.isShutdown()) {
      return;
    }
    scheduled = true;
    worker.schedule(this::drain, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void drain() {
    while (true) {
      String key;
      Waiting next;
      synchronized (this) {
        scheduled = false;
        Iterator<Map.Entry<String, Waiting>> first = waiting.entrySet().iterator();
        if (!first.hasNext()) {
          return;
        }
        Map.Entry<String, Waiting> entry = first.next();
        key = entry.getKey();
        next = entry.getValue();
        sending = true;
      }
      Optional<Duration> pause = send(key, next);
      synchronized (this) {
        sending = false;
        if (pause.isPresent()) {
          schedule(pause.get());
          return;
        }
      }
    }
  }

  /** Sends one status; returns how long to pause when the host limits the rate. */
  private Optional<Duration> send(String key, Waiting next) {
    CommitStatus status = next.status();
    ForgeClient.Answer answer;
    try {
      answer = client.send("POST", client.project().statusPath(status.sha()), body(status));
    } catch (IOException e) {
      failed(key, status, e.getMessage());
      return Optional.empty();
    }
    if (answer.ok()) {
      results.get("ok").increment();
      synchronized (this) {
        // A newer state may have come while this one was sent: it stays queued.
        if (next.equals(waiting.get(key))) {
          waiting.remove(key);
        }
        sent.put(key, status.state());
      }
      return Optional.empty();
    }
    Optional<Duration> limited =
        RateLimit.waitFor(answer.status(), answer.headers(), clock.instant());
    if (limited.isEmpty()) {
      failed(key, status, "HTTP " + answer.status() + ": " + ForgeMessages.of(answer));
      return Optional.empty();
    }
    results.get("rate_limited").increment();
    Duration pause = limited.get().compareTo(maxWait) > 0 ? maxWait : limited.get();
    synchronized (this) {
      Waiting current = waiting.get(key);
      if (current != null && next.attempts() + 1 >= maxAttempts && current.equals(next)) {
        waiting.remove(key);
        LOG.warn(
            "commit status {} of {} given up: the git host kept limiting the rate ({} tries)",
            status.state(),
            status.sha(),
            maxAttempts);
      } else if (current != null) {
        waiting.put(key, new Waiting(current.status(), current.attempts() + 1));
      }
    }
    LOG.info("the git host limits the rate; commit statuses wait {} s", pause.toSeconds());
    return Optional.of(pause);
  }

  private void failed(String key, CommitStatus status, String why) {
    results.get("error").increment();
    synchronized (this) {
      waiting.remove(key);
    }
    LOG.atWarn()
        .addKeyValue("commit", status.sha())
        .addKeyValue("state", status.state())
        .addKeyValue("error", why)
        .log("commit status not set");
  }

  private String body(CommitStatus status) {
    ForgeKind kind = client.project().kind();
    ObjectNode body = JSON.createObjectNode();
    body.put("state", status.state().wire(kind));
    body.put(kind == ForgeKind.GITHUB ? "context" : "name", status.context());
    body.put("description", status.description());
    if (status.targetUrl() != null) {
      body.put("target_url", status.targetUrl());
    }
    return body.toString();
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
