package io.mooring.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Metrics, health and status: {@code /metrics}, {@code /healthz}, {@code /readyz}, {@code
 * /api/v1/apps}, {@code /api/v1/apps/{kind}/{namespace}/{name}} and the page at {@code /}.
 * Everything here is read-only and answers from memory. What grows with the number of apps or
 * meters (the scrape, the status page and API) is built off the event loop, so that health checks
 * and webhooks are answered meanwhile.
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
    // HEAD is answered as GET (uptime checkers and proxies probe with it); Vert.x leaves the body
    // out of the answer to a HEAD request.
    router.head().handler(ctx -> ctx.reroute(HttpMethod.GET, ctx.request().uri()));
    router
        .get("/healthz")
        .handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain").end("ok\n"));
    router.get("/readyz").handler(this::ready);
    router
        .get("/metrics")
        .handler(
            ctx ->
                answerOffTheEventLoop(
                    ctx,
                    () ->
                        new Reply(
                            200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape())));
    router
        .get("/api/v1/apps")
        .handler(
            ctx ->
                answerOffTheEventLoop(
                    ctx,
                    () -> json(200, Map.of("apps", status.apps(), "daemon", status.summary()))));
    router
        .get("/api/v1/apps/:kind/:namespace/:name")
        .handler(
            ctx -> {
              String kind = ctx.pathParam("kind");
              String namespace = ctx.pathParam("namespace");
              String name = ctx.pathParam("name");
              answerOffTheEventLoop(
                  ctx,
                  () -> {
                    var app = status.app(kind, namespace, name);
                    return app.isPresent()
                        ? json(200, app.get())
                        : json(404, Map.of("error", "no such app"));
                  });
            });
    router
        .get("/")
        .handler(
            ctx ->
                answerOffTheEventLoop(
                    ctx,
                    () ->
                        new Reply(
                            200,
                            "text/html; charset=utf-8",
                            StatusPage.render(status.apps(), status.summary()))));
  }

  private void ready(RoutingContext ctx) {
    boolean ready = status.ready();
    ctx.response()
        .setStatusCode(ready ? 200 : 503)
        .putHeader("Content-Type", "text/plain")
        .end(ready ? "ready\n" : "not ready\n");
  }

  /** Builds the reply on a worker thread and sends it from the request's event loop. */
  private static void answerOffTheEventLoop(RoutingContext ctx, Callable<Reply> build) {
    ctx.vertx()
        .executeBlocking(build, false)
        .onSuccess(
            reply ->
                ctx.response()
                    .setStatusCode(reply.status())
                    .putHeader("Content-Type", reply.contentType())
                    .end(reply.body()))
        .onFailure(ctx::fail);
  }

  private static Reply json(int status, Object body) throws JsonProcessingException {
    return new Reply(status, "application/json", JSON.writeValueAsString(body));
  }

  private record Reply(int status, String contentType, String body) {}
}
