package io.mooring.daemon;

import io.mooring.forge.ApiToken;
import io.mooring.forge.ForgeKind;

/**
 * How Mooring talks back to the git host: commit statuses after each sync and pull-request
 * previews. Off when {@code kind} is null.
 *
 * @param apiUrl {@code --git-api-url}, or null to derive it from the followed remote
 * @param project {@code --git-api-project}, or null to derive it from the followed remote
 * @param token the API token
 * @param clusterName names this cluster in status contexts ({@code mooring/<cluster>}) and in
 *     preview comments
 * @param publicUrl where users reach Mooring's status page, or null; statuses link to it
 */
public record GitApiConfig(
    ForgeKind kind,
    String apiUrl,
    String project,
    ApiToken token,
    String clusterName,
    String publicUrl) {

  public static final GitApiConfig OFF = new GitApiConfig(null, null, null, null, null, null);

  public boolean enabled() {
    return kind != null;
  }

  public String statusContext() {
    return "mooring/" + clusterName;
  }

  /** The status page, or null when no public URL is known. */
  public String statusPageUrl() {
    if (publicUrl == null || publicUrl.isBlank()) {
      return null;
    }
    return publicUrl.endsWith("/") ? publicUrl : publicUrl + "/";
  }

  public GitApiConfig withClusterName(String name) {
    return new GitApiConfig(kind, apiUrl, project, token, name, publicUrl);
  }
}
