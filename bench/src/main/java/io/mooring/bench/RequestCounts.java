package io.mooring.bench;

import io.mooring.sandbox.ApplyingMockServer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Requests the mock API received, by verb, as counted at the server. */
public record RequestCounts(Map<String, Integer> byVerb) {
  private static final List<String> VERBS =
      List.of("GET", "POST", "PUT", "PATCH", "APPLY", "DELETE");

  public static RequestCounts of(ApplyingMockServer server) {
    Map<String, Integer> counts = new TreeMap<>();
    for (String verb : VERBS) {
      int n = server.requests(verb);
      if (n > 0) {
        counts.put(verb, n);
      }
    }
    return new RequestCounts(counts);
  }

  public int get(String verb) {
    return byVerb.getOrDefault(verb, 0);
  }

  public int writes() {
    return ApplyingMockServer.WRITE_VERBS.stream().mapToInt(this::get).sum();
  }

  public int total() {
    return byVerb.values().stream().mapToInt(Integer::intValue).sum();
  }

  @Override
  public String toString() {
    if (byVerb.isEmpty()) {
      return "none";
    }
    StringBuilder out = new StringBuilder();
    byVerb.forEach(
        (verb, n) -> out.append(out.isEmpty() ? "" : ", ").append(verb).append(' ').append(n));
    return out.toString();
  }
}
