package io.mooring.sandbox;

/** Chooses the {@link Fault} for each request the {@link FaultProxy} receives. */
@FunctionalInterface
public interface FaultPlan {
  FaultPlan NONE = request -> Fault.PASS;

  Fault choose(ProxiedRequest request);

  /**
   * A request as the proxy sees it.
   *
   * @param path the path without the query
   * @param watch a watch ({@code watch=true}), over a WebSocket or a streamed response
   * @param resumes a watch that names the {@code resourceVersion} it resumes from
   */
  record ProxiedRequest(String method, String path, String query, boolean watch, boolean resumes) {
    public boolean isWrite() {
      return !method.equals("GET") && !method.equals("HEAD");
    }
  }
}
