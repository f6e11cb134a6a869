package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;

/**
 * {@code maxmemory} from the Redis container's memory limit.
 *
 * <p>Without it Redis grows until the kernel kills the container at its limit. The data set gets
 * {@value #DATA_PERCENT}% of the limit, rounded down to whole MiB. The rest is headroom for what
 * {@code maxmemory} does not count or cannot bound: the process itself and allocator fragmentation,
 * the replication backlog and the output buffers of replicas doing a full resync, and the pages
 * copied on write while a forked child rewrites the AOF or sends a snapshot to a replica. With
 * {@code maxmemory-policy noeviction} (Cozystack's API has no field to choose another) a full Redis
 * refuses writes with {@code OOM command not allowed} and keeps serving reads and deletes, instead
 * of being killed and losing what its last AOF sync missed.
 */
public final class RedisMemoryBudget {
  public static final int DATA_PERCENT = 70;
  public static final String POLICY = "noeviction";
  private static final long MIB = 1024L * 1024L;

  private RedisMemoryBudget() {}

  /** The {@code maxmemory} value in MiB, at least 1. */
  public static long maxmemoryMib(Quantity memoryLimit) {
    BigDecimal bytes = Quantity.getAmountInBytes(memoryLimit);
    long data = bytes.multiply(BigDecimal.valueOf(DATA_PERCENT)).longValue() / 100 / MIB;
    return Math.max(1, data);
  }
}
