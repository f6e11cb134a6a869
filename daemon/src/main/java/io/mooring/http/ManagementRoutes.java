package io.mooring.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mooring.shard.ShardPlacement;
import io.mooring.status.AppStatusView;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metrics, health and status: {@code /metrics}, {@code /healthz}, {@code /readyz}, {@code
 * /api/v1/apps}, {@code /api/v1/apps/{kind}/{namespace}/{name}} (with the app's backups when it has
 * them) and the page at {@code /}. Everything here is read-only and answers from memory. What grows
 * with the number of apps or meters (the scrape, the status page and API) is built off the event
 * loop, so that health checks and webhooks are answered meanwhile.
 *
 * <p>The page and the list API answer one {@link StatusWindow} of the apps at a time. A status that
 * cannot be built is answered 500 with a short reason, every time it fails, and makes {@code
 * /readyz} answer 503 until a build succeeds again: the routes stay up, and a daemon that cannot
 * show its status is not reported ready.
 */
public final class ManagementRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(ManagementRoutes.class);
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private static final String TEXT = "text/plain; charset=utf-8";

  private final StatusSource status;
  private final PrometheusMeterRegistry registry;

  /** Why the last build of the status failed; null while it succeeds. */
  private final AtomicReference<String> statusFailure = new AtomicReference<>();

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
    router.get("/api/v1/apps").handler(ctx -> answerStatus(ctx, this::appsJson));
    router
        .get("/api/v1/apps/:kind/:namespace/:name")
        .handler(
            ctx -> {
              String kind = ctx.pathParam("kind");
              String namespace = ctx.pathParam("namespace");
              String name = ctx.pathParam("name");
              answerStatus(
                  ctx,
                  window -> {
                    var app = status.app(kind, namespace, name);
                    if (app.isPresent()) {
                      return json(200, withPlacementAndBackups(app.get()));
                    }
                    ShardPlacement placement = status.placement(kind, namespace, name);
                    if (placement == null) {
                      return json(404, Map.of("error", "no such app"));
                    }
                    // Another replica may own it: say which, so the caller can ask it.
                    Map<String, Object> elsewhere = new LinkedHashMap<>();
                    elsewhere.put("error", "no such app on this replica");
                    elsewhere.put("shard", placement.shard());
                    elsewhere.put("owner", placement.owner());
                    return json(404, elsewhere);
                  });
            });
    router
        .get("/")
        .handler(
            ctx ->
                answerStatus(
                    ctx, window -> new Reply(200, "text/html; charset=utf-8", page(window))));
  }

  private String page(StatusWindow window) {
    return StatusPage.render(status.apps(), status.files(), status.summary(), window);
  }

  private void ready(RoutingContext ctx) {
    if (statusFailure.get() == null) {
      boolean ready = status.ready();
      ctx.response()
          .setStatusCode(ready ? 200 : 503)
          .putHeader("Content-Type", "text/plain")
          .end(ready ? "ready\n" : "not ready\n");
      return;
    }
    // The last build failed: try one now, so that readiness comes back without a visitor.
    answerOffTheEventLoop(
        ctx,
        () -> {
          build(() -> page(StatusWindow.FIRST));
          boolean ready = statusFailure.get() == null && status.ready();
          String reason = statusFailure.get() == null ? "" : ": the status cannot be built";
          return new Reply(
              ready ? 200 : 503, "text/plain", ready ? "ready\n" : "not ready" + reason + "\n");
        });
  }

  /** A status answer: the window of the request's query, built off the event loop. */
  private void answerStatus(RoutingContext ctx, StatusBuild build) {
    StatusWindow window;
    try {
      window = StatusWindow.of(ctx.request().getParam("offset"), ctx.request().getParam("limit"));
    } catch (IllegalArgumentException e) {
      ctx.response().setStatusCode(400).putHeader("Content-Type", TEXT).end(e.getMessage() + "\n");
      return;
    }
    answerOffTheEventLoop(
        ctx,
        () -> {
          Reply reply = build(() -> build.answer(window));
          return reply != null
              ? reply
              : new Reply(
                  500, TEXT, "the status cannot be built; the reason is in Mooring's log\n");
        });
  }

  /**
   * Builds a status answer; null when that failed, in which case the failure is logged once (until
   * a build succeeds again) and readiness is withdrawn.
   */
  private <T> T build(Callable<T> answer) {
    try {
      T built = answer.call();
      if (statusFailure.getAndSet(null) != null) {
        LOG.info("the status can be built again");
      }
      return built;
    } catch (Exception | OutOfMemoryError | StackOverflowError e) {
      // What the failed build held is garbage now; the next request must still be answered.
      if (statusFailure.getAndSet(e.toString()) == null) {
        LOG.error("building the status failed; /readyz answers 503 until it succeeds", e);
      }
      return null;
    }
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

  /**
   * {@code {"apps": [...], "files": [...], "daemon": {...}, "page": {...}}}: the apps of the
   * window, written one by one until the window is full.
   */
  private Reply appsJson(StatusWindow window) throws IOException {
    List<AppStatusView> apps = status.apps();
    StringWriter out = new StringWriter();
    int end = window.offset();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeArrayFieldStart("apps");
      while (end < apps.size() && window.roomFor(end - window.offset(), out.getBuffer().length())) {
        json.writeObject(withPlacement(apps.get(end++)));
        json.flush();
      }
      json.writeEndArray();
      json.writeObjectField("files", StatusWindow.files(status.files()));
      json.writeObjectField("daemon", status.summary());
      Map<String, Object> page = new LinkedHashMap<>();
      page.put("offset", window.offset());
      page.put("shown", Math.max(0, end - window.offset()));
      page.put("total", apps.size());
      String next = window.next(end, apps.size());
      page.put("next", next == null ? null : "/api/v1/apps" + next);
      json.writeObjectField("page", page);
      json.writeEndObject();
    }
    return new Reply(200, "application/json", out.toString());
  }

  /** The app as JSON, with its shard and owner when the replicas share the apps. */
  private Object withPlacement(AppStatusView app) {
    ShardPlacement placement = status.placement(app.kind(), app.namespace(), app.name());
    if (placement == null) {
      return app;
    }
    ObjectNode node = JSON.valueToTree(app);
    node.put("shard", placement.shard());
    node.put("owner", placement.owner());
    return node;
  }

  /** One app as JSON: with its placement, and the backups its sidecar listed last. */
  private ObjectNode withPlacementAndBackups(AppStatusView app) {
    ObjectNode body = JSON.valueToTree(withPlacement(app));
    status
        .backups(app.kind(), app.namespace(), app.name())
        .ifPresent(backups -> body.set("backups", JSON.valueToTree(backups)));
    return body;
  }

  private static Reply json(int status, Object body) throws JsonProcessingException {
    return new Reply(status, "application/json", JSON.writeValueAsString(body));
  }

  /** One status answer for a window of the apps. */
  @FunctionalInterface
  private interface StatusBuild {
    Reply answer(StatusWindow window) throws Exception;
  }

  private record Reply(int status, String contentType, String body) {}
}
