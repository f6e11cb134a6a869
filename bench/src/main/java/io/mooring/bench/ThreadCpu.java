package io.mooring.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time of this JVM's Java threads, grouped by name without its numbers ("pool-3-thread-7" and
 * "pool-3-thread-2" are one group), so that a scenario can say which work its process CPU went to.
 * What the process spent beyond every Java thread went to the JVM's own threads: the JIT compilers
 * and the garbage collector.
 *
 * @param name the thread's name when it was read
 * @param cpuNanos its CPU time so far
 */
record ThreadCpu(String name, long cpuNanos) {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** Every live Java thread's CPU time so far, by thread id. */
  static Map<Long, ThreadCpu> all() {
    Map<Long, ThreadCpu> threads = new HashMap<>();
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null) {
        long cpu = THREADS.getThreadCpuTime(info.getThreadId());
        if (cpu >= 0) {
          threads.put(info.getThreadId(), new ThreadCpu(info.getThreadName(), cpu));
        }
      }
    }
    return threads;
  }

  /** CPU spent between two readings, by thread group; threads started in between count whole. */
  static Map<String, Long> spentByGroup(Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after) {
    Map<String, Long> spent = new HashMap<>();
    after.forEach(
        (id, thread) -> {
          ThreadCpu earlier = before.get(id);
          long nanos = thread.cpuNanos() - (earlier == null ? 0 : earlier.cpuNanos());
          spent.merge(group(thread.name()), nanos, Long::sum);
        });
    return spent;
  }

  /** The {@code busiest} groups and what the JVM's own threads took, in ms. */
  static String describe(Map<String, Long> byGroup, long processNanos, int busiest) {
    long javaThreads = byGroup.values().stream().mapToLong(Long::longValue).sum();
    String groups =
        byGroup.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .limit(busiest)
            .map(entry -> "%s %.0f".formatted(entry.getKey(), entry.getValue() / 1e6))
            .collect(Collectors.joining(", "));
    return "CPU by thread (ms): %s; all Java threads %.0f; JIT compilers and GC %.0f"
        .formatted(groups, javaThreads / 1e6, Math.max(0, processNanos - javaThreads) / 1e6);
  }

  private static String group(String name) {
    return name.replaceAll("[0-9]+", "N");
  }
}
