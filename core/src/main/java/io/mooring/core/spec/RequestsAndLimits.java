package io.mooring.core.spec;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Optional;

/**
 * Kubernetes-style {@code resources: {requests: {cpu, memory}, limits: {cpu, memory}}}, resolved
 * per resource: a missing limit takes the request (a Redis without a memory limit grows until the
 * node runs out, and its maxmemory is computed from the limit), a missing request takes the limit
 * (as Kubernetes does), and a resource given in neither takes the default preset's value. A request
 * above its limit is an error, which the API server would refuse at apply time.
 */
final class RequestsAndLimits {
  private static final List<String> SECTIONS = List.of("requests", "limits");
  private static final List<String> RESOURCES = List.of("cpu", "memory");

  private RequestsAndLimits() {}

  static ComputeResources read(FieldReader spec) {
    ComputeResources defaults = ResourcePreset.DEFAULT.resources();
    Optional<FieldReader> resources = spec.child("resources");
    if (resources.isEmpty()) {
      return defaults;
    }
    resources.get().rejectUnknownFields(SECTIONS);
    Optional<FieldReader> requests = section(resources.get(), "requests");
    Optional<FieldReader> limits = section(resources.get(), "limits");
    Quantity[] cpu = resolve(requests, limits, "cpu", defaults.cpuRequest(), defaults.cpuLimit());
    Quantity[] memory =
        resolve(requests, limits, "memory", defaults.memoryRequest(), defaults.memoryLimit());
    return new ComputeResources(cpu[0], cpu[1], memory[0], memory[1]);
  }

  private static Optional<FieldReader> section(FieldReader resources, String name) {
    Optional<FieldReader> section = resources.child(name);
    section.ifPresent(s -> s.rejectUnknownFields(RESOURCES));
    return section;
  }

  /** The request and the limit of one resource. */
  private static Quantity[] resolve(
      Optional<FieldReader> requests,
      Optional<FieldReader> limits,
      String resource,
      Quantity defaultRequest,
      Quantity defaultLimit) {
    Quantity request = requests.map(r -> r.positiveQuantity(resource)).orElse(null);
    Quantity limit = limits.map(l -> l.positiveQuantity(resource)).orElse(null);
    if (request == null && limit == null) {
      return new Quantity[] {defaultRequest, defaultLimit};
    }
    if (request != null
        && limit != null
        && request.getNumericalAmount().compareTo(limit.getNumericalAmount()) > 0) {
      requests
          .orElseThrow()
          .reportInvalid(
              resource,
              "must not exceed "
                  + limits.orElseThrow().path(resource)
                  + " ("
                  + limit
                  + "), as Kubernetes requires");
    }
    return new Quantity[] {request != null ? request : limit, limit != null ? limit : request};
  }
}
