package io.mooring.chart;

import io.mooring.sandbox.ApplyingMockServer;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One RBAC permission an API request needs: group, resource and verb, as a Role rule names them
 * ({@code "apps/statefulsets get"}; the core group is empty).
 */
record ApiPermission(String group, String resource, String verb)
    implements Comparable<ApiPermission> {
  private static final Pattern SLASH = Pattern.compile("/");

  /** The permission {@code request} needs; empty for paths outside the resource API (discovery). */
  static Optional<ApiPermission> of(ApplyingMockServer.Request request) {
    URI uri = URI.create(request.path());
    String[] parts = SLASH.split(uri.getPath().replaceFirst("^/", ""), -1);
    String group;
    int rest;
    if (parts.length >= 3 && parts[0].equals("api")) {
      group = "";
      rest = 2;
    } else if (parts.length >= 4 && parts[0].equals("apis")) {
      group = parts[1];
      rest = 3;
    } else {
      return Optional.empty();
    }
    boolean namespaced = parts.length > rest + 1 && parts[rest].equals("namespaces");
    int resourceAt = namespaced ? rest + 2 : rest;
    if (parts.length <= resourceAt) {
      return Optional.empty();
    }
    String resource = parts[resourceAt];
    boolean named = parts.length > resourceAt + 1;
    String query = uri.getQuery() == null ? "" : uri.getQuery();
    String verb =
        switch (request.method().toUpperCase(Locale.ROOT)) {
          case "GET" -> query.contains("watch=true") ? "watch" : named ? "get" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> request.method().toLowerCase(Locale.ROOT);
        };
    return Optional.of(new ApiPermission(group, resource, verb));
  }

  @Override
  public int compareTo(ApiPermission other) {
    return toString().compareTo(other.toString());
  }

  @Override
  public String toString() {
    return group + "/" + resource + " " + verb;
  }
}
