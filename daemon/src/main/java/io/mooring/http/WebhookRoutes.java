package io.mooring.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mooring.webhook.WebhookOutcome;
import io.mooring.webhook.WebhookPolicy;
import io.mooring.webhook.WebhookProvider;
import io.mooring.webhook.WebhookRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.TimeoutHandler;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /hooks/github} and {@code POST /hooks/gitlab}. The decision is pure and cheap (one
 * HMAC), so it runs on the event loop; the only effect of an accepted push is a call to {@code
 * onPush}, which must return at once (the sync coordinator queues the work on its own thread).
 */
public final class WebhookRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookRoutes.class);

  private final WebhookPolicy policy;
  private final LongConsumer onPush;
  private final MeterRegistry registry;
  private final long bodyLimitBytes;
  private final long requestTimeoutMillis;

  /** {@code onPush} receives the {@link System#nanoTime()} at which the accepted push arrived. */
  public WebhookRoutes(
      WebhookPolicy policy,
      LongConsumer onPush,
      MeterRegistry registry,
      long bodyLimitBytes,
      long requestTimeoutMillis) {
    this.policy = policy;
    this.onPush = onPush;
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
    respond(provider, ctx, outcome);
  }

  private void failed(WebhookProvider provider, RoutingContext ctx) {
    // The body handler fails the request with 413 when the body is over the limit (chunked bodies
    // too).
    if (ctx.statusCode() == 413) {
      respond(provider, ctx, WebhookOutcome.tooLarge());
    } else if (ctx.statusCode() == 503) {
      respond(
          provider,
          ctx,
          new WebhookOutcome(WebhookOutcome.Kind.MALFORMED, 408, "request not received in time"));
    } else {
      LOG.warn(
          "webhook provider={} failed: status={} error={}",
          provider.id(),
          ctx.statusCode(),
          String.valueOf(ctx.failure()));
      if (!ctx.response().ended()) {
        ctx.response().setStatusCode(ctx.statusCode() > 0 ? ctx.statusCode() : 500).end();
      }
    }
  }

  private void respond(WebhookProvider provider, RoutingContext ctx, WebhookOutcome outcome) {
    counter(provider, outcome).increment();
    LOG.info(
        "webhook provider={} outcome={} status={} reason=\"{}\"",
        provider.id(),
        outcome.kind().label(),
        outcome.status(),
        outcome.reason());
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

  private Counter counter(WebhookProvider provider, WebhookOutcome outcome) {
    return Counter.builder("mooring.webhook.requests")
        .description("Webhook requests received, by provider and outcome")
        .tag("provider", provider.id())
        .tag("outcome", outcome.kind().label())
        .register(registry);
  }
}
