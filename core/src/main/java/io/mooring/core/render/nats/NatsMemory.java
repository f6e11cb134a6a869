package io.mooring.core.render.nats;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Memory budgets derived from the pod's memory limit.
 *
 * <p>{@code GOMEMLIMIT} at 80% makes the Go runtime collect harder before the kernel's OOM killer
 * would, leaving a fifth of the limit for what the Go heap does not count (stacks, OS buffers).
 *
 * <p>{@code max_memory_store} is a quarter of the limit. Memory-backed streams live inside that Go
 * heap, next to client buffers, route buffers and the file store's caches, which grow with traffic;
 * a quarter keeps memory streams from pushing the heap into the limit, and it is explicit so that
 * nats-server never sizes it from the host's RAM (which is far larger than the pod's limit).
 */
final class NatsMemory {
  private static final BigDecimal GO_MEMORY_SHARE = new BigDecimal("0.80");
  private static final BigDecimal MEMORY_STORE_SHARE = new BigDecimal("0.25");

  private NatsMemory() {}

  static long goMemLimitBytes(Quantity memoryLimit) {
    return share(memoryLimit, GO_MEMORY_SHARE);
  }

  static long maxMemoryStoreBytes(Quantity memoryLimit) {
    return share(memoryLimit, MEMORY_STORE_SHARE);
  }

  static long bytes(Quantity quantity) {
    return Quantity.getAmountInBytes(quantity).setScale(0, RoundingMode.FLOOR).longValueExact();
  }

  private static long share(Quantity limit, BigDecimal fraction) {
    return Quantity.getAmountInBytes(limit)
        .multiply(fraction)
        .setScale(0, RoundingMode.FLOOR)
        .longValueExact();
  }
}
