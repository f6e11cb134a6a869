package io.mooring.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * Metrics, health and status: {@code /metrics}, {@code /healthz}, {@code /readyz}, {@code
 * /api/v1/apps}, {@code /api/v1/apps/{kind}/{namespace}/{name}} and the page at {@code /}.
 * Everything here is read-only and answers from memory.
 */
public final class ManagementRoutes {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final StatusSource status;
  private final PrometheusMeterRegistry registry;

  public ManagementRoutes(StatusSource status, PrometheusMeterRegistry registry) {
    this.status = status;
    this.registry = registry;
  }

  public void mount(Router router) {
    router
        .get("/healthz")
        .handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain").end("ok\n"));
    router.get("/readyz").handler(this::ready);
    router
        .get("/metrics")
        .handler(
            ctx ->
                // Scraping formats every meter: off the event loop.
                ctx.vertx()
                    .executeBlocking(registry::scrape, false)
                    .onSuccess(
                        text ->
                            ctx.response()
                                .putHeader(
                                    "Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                                .end(text))
                    .onFailure(ctx::fail));
    router
        .get("/api/v1/apps")
        .handler(ctx -> json(ctx, 200, Map.of("apps", status.apps(), "daemon", status.summary())));
    router
        .get("/api/v1/apps/:kind/:namespace/:name")
        .handler(
            ctx ->
                status
                    .app(ctx.pathParam("kind"), ctx.pathParam("namespace"), ctx.pathParam("name"))
                    .ifPresentOrElse(
                        app -> json(ctx, 200, app),
                        () -> json(ctx, 404, Map.of("error", "no such app"))));
    router
        .get("/")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/html; charset=utf-8")
                    .end(StatusPage.render(status.apps(), status.summary())));
  }

  private void ready(RoutingContext ctx) {
    boolean ready = status.ready();
    ctx.response()
        .setStatusCode(ready ? 200 : 503)
        .putHeader("Content-Type", "text/plain")
        .end(ready ? "ready\n" : "not ready\n");
  }

  private static void json(RoutingContext ctx, int code, Object body) {
    try {
      ctx.response()
          .setStatusCode(code)
          .putHeader("Content-Type", "application/json")
          .end(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      ctx.fail(e);
    }
  }
}
