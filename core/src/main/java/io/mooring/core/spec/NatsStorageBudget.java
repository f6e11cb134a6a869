package io.mooring.core.spec;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How much of a pod's volume and memory JetStream may fill. One rule for validate (whose streams
 * fit) and the renderer (what nats.conf says).
 *
 * <p>{@code max_file_store} is always written, never left for nats-server to size from the free
 * space of the disk: an auto-sized store shrinks after a restart as the data grows, until the
 * server refuses to start ("insufficient storage resources"). It is 90% of the volume: the
 * filesystem's own metadata and reserved blocks, the resolver's directory in operator mode and
 * JetStream's index files live in the rest.
 *
 * <p>{@code max_memory_store} is a quarter of the memory limit: memory streams live in the Go heap,
 * next to client, route and file store buffers, which grow with traffic.
 */
public final class NatsStorageBudget {
  private static final BigDecimal FILE_STORE_SHARE = new BigDecimal("0.90");
  private static final BigDecimal MEMORY_STORE_SHARE = new BigDecimal("0.25");

  private NatsStorageBudget() {}

  public static long maxFileStoreBytes(Quantity volumeSize) {
    return share(volumeSize, FILE_STORE_SHARE);
  }

  public static long maxMemoryStoreBytes(Quantity memoryLimit) {
    return share(memoryLimit, MEMORY_STORE_SHARE);
  }

  private static long share(Quantity quantity, BigDecimal fraction) {
    return Quantity.getAmountInBytes(quantity)
        .multiply(fraction)
        .setScale(0, RoundingMode.FLOOR)
        .longValueExact();
  }
}
