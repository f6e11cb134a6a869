package io.mooring.core.spec;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Aiven plan read as topology and size. {@code hobbyist} and {@code startup-N} run one node,
 * {@code business-N} two (a primary and a replica, with Sentinel), {@code premium-N} three; {@code
 * N} is the memory in GB, which becomes the Redis container's memory limit (and so {@code
 * maxmemory}). Hobbyist has 1 GB. CPU is one core per 4 GB (at least one, at most 16); the volume,
 * unless {@code disk_space} says otherwise, is twice the memory, room for the data and a snapshot
 * being written beside it.
 */
record AivenPlan(String family, int nodes, int memoryGb) {
  static final List<String> FAMILIES = List.of("hobbyist", "startup-N", "business-N", "premium-N");
  static final int MAX_MEMORY_GB = 1024;
  private static final Pattern SIZED =
      Pattern.compile("(startup|business|premium)-([1-9][0-9]{0,3})");
  private static final int MAX_CPU = 16;

  /** The plan, or empty when {@code plan} names none of the families. */
  static Optional<AivenPlan> parse(String plan) {
    if (plan.equals("hobbyist")) {
      return Optional.of(new AivenPlan("hobbyist", 1, 1));
    }
    Matcher sized = SIZED.matcher(plan);
    if (!sized.matches()) {
      return Optional.empty();
    }
    int memory = Integer.parseInt(sized.group(2));
    if (memory > MAX_MEMORY_GB) {
      return Optional.empty();
    }
    int nodes =
        switch (sized.group(1)) {
          case "business" -> 2;
          case "premium" -> 3;
          default -> 1;
        };
    return Optional.of(new AivenPlan(sized.group(1), nodes, memory));
  }

  ComputeResources resources() {
    int cpu = Math.min(MAX_CPU, Math.max(1, (memoryGb + 3) / 4));
    return ComputeResources.explicit(new Quantity(Integer.toString(cpu)), memory());
  }

  Quantity memory() {
    return new Quantity(memoryGb + "Gi");
  }

  Quantity defaultDisk() {
    return new Quantity((2 * memoryGb) + "Gi");
  }
}
