package io.mooring.bench;

import io.mooring.sandbox.Fault;
import io.mooring.sandbox.FaultPlan;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which process wrote which app object. Every daemon process reaches the API through a proxy of its
 * own, whose plan passes every request and notes here the writes to objects in the apps'
 * namespaces: the writer of a request is the proxy it came through, not anything the request says
 * about itself (the processes share a field manager and a User-Agent).
 */
final class WriterLog {
  private final Set<String> namespaces;
  private final Map<String, Set<Integer>> writers = new ConcurrentHashMap<>();
  private final AtomicLong writes = new AtomicLong();

  /** Notes writes to objects in {@code namespaces} only (not the Leases or the state ConfigMap). */
  WriterLog(Set<String> namespaces) {
    this.namespaces = Set.copyOf(namespaces);
  }

  /** The plan of process {@code process}'s proxy: every request passes, its writes are noted. */
  FaultPlan planOf(int process) {
    return request -> {
      if (request.isWrite()) {
        noteWrite(process, request.path());
      }
      return Fault.PASS;
    };
  }

  void noteWrite(int process, String path) {
    String key = objectKey(path);
    if (key == null || !namespaces.contains(key.substring(0, key.indexOf('/')))) {
      return;
    }
    writers.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(process);
    writes.incrementAndGet();
  }

  /** Writes to app objects so far, by any process. */
  long writes() {
    return writes.get();
  }

  /** App objects written at least once so far. */
  int objects() {
    return writers.size();
  }

  /** Each object written ({@code namespace/resource/name}) and the processes that wrote it. */
  Map<String, Set<Integer>> writers() {
    Map<String, Set<Integer>> copy = new TreeMap<>();
    writers.forEach((key, by) -> copy.put(key, Set.copyOf(by)));
    return copy;
  }

  /**
   * {@code namespace/resource/name} of a namespaced object's path ({@code
   * /api/v1/namespaces/team-00/services/cache-0-redis}, {@code
   * /apis/apps/v1/namespaces/team-00/statefulsets/cache-0-redis/scale}); null for any other path. A
   * subresource counts as its object; a create by POST to a collection has an empty name.
   */
  static String objectKey(String path) {
    String[] parts = path.split("/", -1);
    for (int i = 0; i + 2 < parts.length; i++) {
      if (parts[i].equals("namespaces") && !parts[i + 1].isEmpty() && !parts[i + 2].isEmpty()) {
        String name = i + 3 < parts.length ? parts[i + 3] : "";
        return parts[i + 1] + "/" + parts[i + 2] + "/" + name;
      }
    }
    return null;
  }

  /** {@code namespace/name} of an object key, the object's identity within its app. */
  static String namespacedName(String objectKey) {
    int first = objectKey.indexOf('/');
    int last = objectKey.lastIndexOf('/');
    return objectKey.substring(0, first) + "/" + objectKey.substring(last + 1);
  }
}
