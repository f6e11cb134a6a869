package io.mooring.core.spec;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Objects;

/**
 * Resolved CPU and memory of one pod, requests and limits. Built from a preset or from explicit
 * {@code resources} by {@link ResourcePreset}; the renderer copies it verbatim.
 */
public record ComputeResources(
    Quantity cpuRequest, Quantity cpuLimit, Quantity memoryRequest, Quantity memoryLimit) {
  public ComputeResources {
    Objects.requireNonNull(cpuRequest, "cpuRequest");
    Objects.requireNonNull(cpuLimit, "cpuLimit");
    Objects.requireNonNull(memoryRequest, "memoryRequest");
    Objects.requireNonNull(memoryLimit, "memoryLimit");
  }
}
