package io.mooring.core.render.nats;

import io.fabric8.kubernetes.api.model.Quantity;
import io.mooring.core.spec.NatsStorageBudget;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Memory budgets derived from the pod's memory limit.
 *
 * <p>{@code GOMEMLIMIT} at 80% makes the Go runtime collect harder before the kernel's OOM killer
 * would, leaving a fifth of the limit for what the Go heap does not count (stacks, OS buffers).
 *
 * <p>{@code max_memory_store} comes from {@link NatsStorageBudget}; it is explicit so that
 * nats-server never sizes it from the host's RAM (which is far larger than the pod's limit).
 */
final class NatsMemory {
  private static final BigDecimal GO_MEMORY_SHARE = new BigDecimal("0.80");

  private NatsMemory() {}

  static long goMemLimitBytes(Quantity memoryLimit) {
    return share(memoryLimit, GO_MEMORY_SHARE);
  }

  static long maxMemoryStoreBytes(Quantity memoryLimit) {
    return NatsStorageBudget.maxMemoryStoreBytes(memoryLimit);
  }

  private static long share(Quantity limit, BigDecimal fraction) {
    return Quantity.getAmountInBytes(limit)
        .multiply(fraction)
        .setScale(0, RoundingMode.FLOOR)
        .longValueExact();
  }
}
