package io.mooring.webhook;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a repository URL from a webhook payload names the remote Mooring follows.
 * Providers send several spellings of one repository (https, ssh, scp-like {@code git@host:path},
 * with or without {@code .git}, a user, a port, another letter case), so both sides are reduced to
 * {@code host/path}.
 */
public final class RepoUrlMatcher {
  private final Optional<String> configured;

  public RepoUrlMatcher(String configuredRemote) {
    this.configured = canonical(configuredRemote);
  }

  public boolean matches(String candidate) {
    return configured.isPresent() && configured.equals(canonical(candidate));
  }

  /** {@code host/owner/repo} in lower case, or empty when the text is not a remote URL. */
  static Optional<String> canonical(String url) {
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    String text = url.trim();
    String host;
    String path;
    if (text.contains("://")) {
      URI uri;
      try {
        uri = URI.create(text);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      if ("file".equalsIgnoreCase(uri.getScheme())) {
        host = "";
        path = uri.getPath();
      } else {
        host = uri.getHost();
        path = uri.getPath();
      }
    } else if (text.matches("^[^/]+@[^/:]+:.*")) {
      // scp-like syntax: user@host:owner/repo.git (no port possible here).
      String afterUser = text.substring(text.indexOf('@') + 1);
      host = afterUser.substring(0, afterUser.indexOf(':'));
      path = afterUser.substring(afterUser.indexOf(':') + 1);
    } else if (text.startsWith("/")) {
      host = "";
      path = text;
    } else {
      return Optional.empty();
    }
    if (host == null || path == null) {
      return Optional.empty();
    }
    String trimmed = path.replaceAll("/+$", "");
    if (trimmed.toLowerCase(Locale.ROOT).endsWith(".git")) {
      trimmed = trimmed.substring(0, trimmed.length() - 4);
    }
    trimmed = trimmed.replaceAll("^/+", "");
    if (trimmed.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of((host + "/" + trimmed).toLowerCase(Locale.ROOT));
  }
}
