package io.mooring.core.spec;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Objects;

/**
 * Resolved CPU and memory of one pod, requests and limits: a {@link ResourcePreset}'s or explicit
 * {@code resources}, never a mix of both. The renderer copies it verbatim.
 */
public record ComputeResources(
    Quantity cpuRequest, Quantity cpuLimit, Quantity memoryRequest, Quantity memoryLimit) {
  public ComputeResources {
    Objects.requireNonNull(cpuRequest, "cpuRequest");
    Objects.requireNonNull(cpuLimit, "cpuLimit");
    Objects.requireNonNull(memoryRequest, "memoryRequest");
    Objects.requireNonNull(memoryLimit, "memoryLimit");
  }

  /**
   * Explicit {@code resources}, which replace the preset as a whole (Cozystack: when {@code
   * resources} is set, {@code resourcesPreset} is ignored). The values are guaranteed (request =
   * limit), because the user named the capacity each replica must have.
   */
  public static ComputeResources explicit(Quantity cpu, Quantity memory) {
    return new ComputeResources(cpu, cpu, memory, memory);
  }
}
