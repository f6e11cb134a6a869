package io.mooring.forge;

import io.mooring.gitsync.Redaction;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where the REST API of the followed repository is and how it names the repository: GitHub's {@code
 * owner/repo}, GitLab's project id or URL-encoded full path ({@code group%2Fsub%2Fproject}).
 *
 * <p>Both are derived from the remote Mooring follows, since that is what users already configured:
 * {@code https://github.com/acme/config.git} and {@code git@github.com:acme/config.git} give {@code
 * acme/config} on {@code https://api.github.com}; any other GitHub host is GitHub Enterprise, with
 * its API under {@code https://HOST/api/v3}; a GitLab remote's whole path (subgroups included) is
 * the project, on {@code https://HOST/api/v4}. A remote that names no host (a local path) or a
 * layout the rules do not fit needs {@code --git-api-url} and {@code --git-api-project}.
 *
 * @param apiUrl the API root without a trailing slash
 * @param project already encoded for a URL path
 */
public record ForgeProject(ForgeKind kind, String apiUrl, String project) {

  /**
   * The project of {@code remote} on a {@code kind} host, unless the options name it.
   *
   * @param apiUrl {@code --git-api-url}, or null to derive it from the remote's host
   * @param project {@code --git-api-project}, or null to derive it from the remote's path
   * @throws IllegalArgumentException saying which option to set (the remote is shown without user
   *     info)
   */
  public static ForgeProject of(ForgeKind kind, String remote, String apiUrl, String project) {
    String[] hostAndPath = hostAndPath(remote);
    String host = hostAndPath == null ? null : hostAndPath[0];
    String path = hostAndPath == null ? null : hostAndPath[1];
    String api = apiUrl != null && !apiUrl.isBlank() ? apiUrl.trim() : defaultApi(kind, host);
    if (api == null) {
      throw new IllegalArgumentException(
          "cannot tell the "
              + kind.id()
              + " API from the remote "
              + shown(remote)
              + "; set --git-api-url");
    }
    String named = project != null && !project.isBlank() ? project.trim() : path;
    if (named == null || (kind == ForgeKind.GITHUB && named.split("/", -1).length != 2)) {
      throw new IllegalArgumentException(
          "cannot tell the "
              + (kind == ForgeKind.GITHUB ? "owner/repo" : "GitLab project")
              + " from "
              + (project != null && !project.isBlank() ? "'" + project + "'" : shown(remote))
              + "; set --git-api-project"
              + (kind == ForgeKind.GITHUB ? " to owner/repo" : " to the project id or path"));
    }
    return new ForgeProject(kind, api.replaceAll("/+$", ""), encode(kind, named));
  }

  private static String encode(ForgeKind kind, String named) {
    if (kind == ForgeKind.GITLAB) {
      // A numeric id is used as is; a path is one URL-encoded segment, as GitLab's API wants it.
      return URLEncoder.encode(named, StandardCharsets.UTF_8);
    }
    String[] parts = named.split("/", -1);
    return URLEncoder.encode(parts[0], StandardCharsets.UTF_8)
        + "/"
        + URLEncoder.encode(parts[1], StandardCharsets.UTF_8);
  }

  private static String defaultApi(ForgeKind kind, String host) {
    if (host == null || host.isEmpty()) {
      return null;
    }
    return switch (kind) {
      case GITHUB ->
          "github.com".equals(host) ? "https://api.github.com" : "https://" + host + "/api/v3";
      case GITLAB -> "https://" + host + "/api/v4";
    };
  }

  /** {host, path without .git and slashes at either end}, or null when no host can be read. */
  private static String[] hostAndPath(String remote) {
    if (remote == null || remote.isBlank()) {
      return null;
    }
    String text = remote.trim();
    String host;
    String path;
    if (text.contains("://")) {
      URI uri;
      try {
        uri = URI.create(text);
      } catch (IllegalArgumentException e) {
        return null;
      }
      if ("file".equalsIgnoreCase(uri.getScheme())) {
        return null;
      }
      host = uri.getHost();
      path = uri.getPath();
    } else if (text.matches("^[^/]+@[^/:]+:.*")) {
      String afterUser = text.substring(text.indexOf('@') + 1);
      host = afterUser.substring(0, afterUser.indexOf(':'));
      path = afterUser.substring(afterUser.indexOf(':') + 1);
    } else {
      return null;
    }
    if (host == null || path == null) {
      return null;
    }
    String trimmed = path.replaceAll("^/+", "").replaceAll("/+$", "");
    if (trimmed.toLowerCase(Locale.ROOT).endsWith(".git")) {
      trimmed = trimmed.substring(0, trimmed.length() - 4);
    }
    return trimmed.isEmpty()
        ? new String[] {host.toLowerCase(Locale.ROOT), null}
        : new String[] {host.toLowerCase(Locale.ROOT), trimmed};
  }

  /** The remote without user info: it may hold a token. */
  private static String shown(String remote) {
    return remote == null ? "(none)" : Redaction.uri(remote);
  }

  /** {@code POST} path of a commit status. */
  public String statusPath(String sha) {
    return kind == ForgeKind.GITHUB
        ? "/repos/" + project + "/statuses/" + sha
        : "/projects/" + project + "/statuses/" + sha;
  }

  /** Comments of a pull request (GitHub's issue comments) or notes of a merge request. */
  public String commentsPath(long number) {
    return kind == ForgeKind.GITHUB
        ? "/repos/" + project + "/issues/" + number + "/comments"
        : "/projects/" + project + "/merge_requests/" + number + "/notes";
  }

  /** One comment, to update it ({@code PATCH} on GitHub, {@code PUT} on GitLab). */
  public String commentPath(long number, long commentId) {
    return kind == ForgeKind.GITHUB
        ? "/repos/" + project + "/issues/comments/" + commentId
        : "/projects/" + project + "/merge_requests/" + number + "/notes/" + commentId;
  }
}
