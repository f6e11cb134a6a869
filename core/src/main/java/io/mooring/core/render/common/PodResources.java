package io.mooring.core.render.common;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.mooring.core.spec.ComputeResources;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns resolved {@link ComputeResources} and fixed sidecar sizes into a container's requirements.
 */
public final class PodResources {
  private PodResources() {}

  public static ResourceRequirements of(ComputeResources resources) {
    return of(
        resources.cpuRequest(),
        resources.cpuLimit(),
        resources.memoryRequest(),
        resources.memoryLimit());
  }

  /** Sizes given as text, for small side containers whose needs do not depend on the spec. */
  public static ResourceRequirements of(
      String cpuRequest, String cpuLimit, String memoryRequest, String memoryLimit) {
    return of(
        new Quantity(cpuRequest),
        new Quantity(cpuLimit),
        new Quantity(memoryRequest),
        new Quantity(memoryLimit));
  }

  private static ResourceRequirements of(
      Quantity cpuRequest, Quantity cpuLimit, Quantity memoryRequest, Quantity memoryLimit) {
    Map<String, Quantity> requests = new LinkedHashMap<>();
    requests.put("cpu", cpuRequest);
    requests.put("memory", memoryRequest);
    Map<String, Quantity> limits = new LinkedHashMap<>();
    limits.put("cpu", cpuLimit);
    limits.put("memory", memoryLimit);
    return new ResourceRequirementsBuilder().withRequests(requests).withLimits(limits).build();
  }
}
