package io.mooring.daemon;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts every answer of the Kubernetes API to the daemon by HTTP status, as {@code
 * mooring_api_requests_total{code}}: throttling (429), conflicts (409) and server errors show on a
 * dashboard before they show as stuck apps. A connection that could not be made counts as {@code
 * code="none"}; a connection reset after the request was sent is not seen here (the client reports
 * it to the caller only), and shows in the sync's error instead.
 */
final class ApiRequestMetrics implements Interceptor {
  static final String NAME = "mooring.api.requests";
  private static final String INTERCEPTOR = "mooring-api-requests";

  private final MeterRegistry registry;

  private ApiRequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * A client like {@code client} (same configuration) whose requests are counted. fabric8 installs
   * interceptors only while a client is built, so the daemon builds its own from the configuration
   * it was given, and closes it.
   */
  static KubernetesClient counting(KubernetesClient client, MeterRegistry registry) {
    ApiRequestMetrics metrics = new ApiRequestMetrics(registry);
    // Registered at zero, so that a rate over the series exists before the first request.
    metrics.counter("none");
    return new KubernetesClientBuilder()
        .withConfig(client.getConfiguration())
        .withHttpClientBuilderConsumer(
            builder -> builder.addOrReplaceInterceptor(INTERCEPTOR, metrics))
        .build();
  }

  /** What the registry counted so far, by status code; codes never answered are left out. */
  static Map<String, Long> byCode(MeterRegistry registry) {
    Map<String, Long> answers = new TreeMap<>();
    for (Counter counter : registry.find(NAME).counters()) {
      long count = (long) counter.count();
      if (count > 0) {
        answers.merge(counter.getId().getTag("code"), count, Long::sum);
      }
    }
    return answers;
  }

  @Override
  public void after(
      HttpRequest request,
      HttpResponse<?> response,
      AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    counter(Integer.toString(response.code())).increment();
  }

  @Override
  public void afterConnectionFailure(HttpRequest request, Throwable failure) {
    counter("none").increment();
  }

  private Counter counter(String code) {
    return Counter.builder(NAME)
        .description("Requests of the daemon to the Kubernetes API, by the answer's HTTP status")
        .tag("code", code)
        .register(registry);
  }
}
