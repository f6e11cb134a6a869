package io.mooring.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mooring.webhook.PullRequestEvent;
import io.mooring.webhook.WebhookOutcome;
import io.mooring.webhook.WebhookPolicy;
import io.mooring.webhook.WebhookProvider;
import io.mooring.webhook.WebhookRequest;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.TimeoutHandler;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * {@code POST /hooks/github} and {@code POST /hooks/gitlab}. The decision is pure and cheap (one
 * HMAC), so it runs on the event loop; the only effect of an accepted push is a call to {@code
 * onPush}, of a pull request to preview a call to {@code onPullRequest}; both must return at once
 * (the sync coordinator and the previewer queue the work on their own threads).
 */
public final class WebhookRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookRoutes.class);

  private final WebhookPolicy policy;
  private final LongConsumer onPush;
  private final Consumer<PullRequestEvent> onPullRequest;
  private final MeterRegistry registry;
  private final long bodyLimitBytes;
  private final long requestTimeoutMillis;
  private final RepeatedLines refusals = new RepeatedLines(Duration.ofMinutes(1), System::nanoTime);

  /** {@code onPush} receives the {@link System#nanoTime()} at which the accepted push arrived. */
  public WebhookRoutes(
      WebhookPolicy policy,
      LongConsumer onPush,
      MeterRegistry registry,
      long bodyLimitBytes,
      long requestTimeoutMillis) {
    this(policy, onPush, event -> {}, registry, bodyLimitBytes, requestTimeoutMillis);
  }

  /**
   * {@code onPullRequest} receives the pull or merge requests to preview; like {@code onPush} it
   * must return at once.
   */
  public WebhookRoutes(
      WebhookPolicy policy,
      LongConsumer onPush,
      Consumer<PullRequestEvent> onPullRequest,
      MeterRegistry registry,
      long bodyLimitBytes,
      long requestTimeoutMillis) {
    this.policy = policy;
    this.onPush = onPush;
    this.onPullRequest = onPullRequest;
    this.registry = registry;
    this.bodyLimitBytes = bodyLimitBytes;
    this.requestTimeoutMillis = requestTimeoutMillis;
  }

  public void mount(Router router) {
    for (WebhookProvider provider : WebhookProvider.values()) {
      String path = "/hooks/" + provider.id();
      router
          .post(path)
          .handler(TimeoutHandler.create(requestTimeoutMillis))
          .handler(BodyHandler.create(false).setBodyLimit(bodyLimitBytes))
          .handler(ctx -> handle(provider, ctx))
          .failureHandler(ctx -> failed(provider, ctx));
      router
          .route(path)
          .handler(
              ctx -> {
                if (!HttpMethod.POST.equals(ctx.request().method())) {
                  ctx.response().setStatusCode(405).putHeader("Allow", "POST").end();
                } else {
                  ctx.next();
                }
              });
    }
  }

  private void handle(WebhookProvider provider, RoutingContext ctx) {
    long receivedNanos = System.nanoTime();
    Map<String, String> headers = new HashMap<>();
    ctx.request().headers().forEach(entry -> headers.putIfAbsent(entry.getKey(), entry.getValue()));
    byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    WebhookOutcome outcome = policy.decide(provider, new WebhookRequest(headers, body));
    if (outcome.triggersFetch()) {
      onPush.accept(receivedNanos);
    }
    if (outcome.pullRequest() != null) {
      onPullRequest.accept(outcome.pullRequest());
    }
    respond(provider, ctx, outcome);
  }

  private void failed(WebhookProvider provider, RoutingContext ctx) {
    if (ctx.response().ended() || ctx.failure() instanceof HttpClosedException) {
      // Answered already, or the client went away: there is no one left to tell.
      LOG.debug(
          "webhook provider={} failed after its answer: {}",
          provider.id(),
          String.valueOf(ctx.failure()));
      return;
    }
    // The body handler fails the request with 413 when the body is over the limit (chunked bodies
    // too).
    if (ctx.statusCode() == 413) {
      respond(provider, ctx, WebhookOutcome.tooLarge());
    } else if (ctx.statusCode() == 503) {
      respond(
          provider,
          ctx,
          new WebhookOutcome(WebhookOutcome.Kind.MALFORMED, 408, "request not received in time"));
    } else if (!ctx.request().isEnded()) {
      // The body could not be decoded (a malformed chunked encoding): the delivery did not
      // arrive, and the sender must be told so, or it records it as delivered.
      respond(provider, ctx, WebhookOutcome.malformed("the request body could not be read"));
    } else {
      LOG.atWarn()
          .addKeyValue("provider", provider.id())
          .addKeyValue("status", ctx.statusCode())
          .addKeyValue("error", String.valueOf(ctx.failure()))
          .log("webhook failed");
      ctx.response().setStatusCode(ctx.statusCode() >= 400 ? ctx.statusCode() : 500).end();
    }
  }

  private void respond(WebhookProvider provider, RoutingContext ctx, WebhookOutcome outcome) {
    counter(provider, outcome).increment();
    log(provider, outcome);
    if (ctx.response().ended()) {
      return;
    }
    JsonObject body =
        new JsonObject().put("outcome", outcome.kind().label()).put("reason", outcome.reason());
    ctx.response()
        .setStatusCode(outcome.status())
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }

  /**
   * Anyone can send a request that is refused (4xx), so refusals are rate-limited per provider and
   * outcome ({@link RepeatedLines}); {@code mooring_webhook_requests_total} counts every one.
   * Accepted deliveries come from the git host and are all logged.
   */
  private void log(WebhookProvider provider, WebhookOutcome outcome) {
    long heldBack = 0;
    if (outcome.status() >= 400) {
      heldBack = refusals.admit(provider.id() + " " + outcome.kind().label());
      if (heldBack < 0) {
        return;
      }
    }
    LoggingEventBuilder line =
        LOG.atInfo()
            .addKeyValue("provider", provider.id())
            .addKeyValue("outcome", outcome.kind().label())
            .addKeyValue("status", outcome.status())
            .addKeyValue("reason", outcome.reason());
    if (heldBack > 0) {
      line = line.addKeyValue("suppressed", heldBack);
    }
    line.log("webhook");
  }

  private Counter counter(WebhookProvider provider, WebhookOutcome outcome) {
    return Counter.builder("mooring.webhook.requests")
        .description("Webhook requests received, by provider and outcome")
        .tag("provider", provider.id())
        .tag("outcome", outcome.kind().label())
        .register(registry);
  }
}
