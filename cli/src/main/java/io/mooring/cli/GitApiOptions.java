package io.mooring.cli;

import io.mooring.daemon.GitApiConfig;
import io.mooring.forge.ApiToken;
import io.mooring.forge.ForgeKind;
import io.mooring.forge.ForgeProject;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** How {@code mooring serve} reports back to the git host: commit statuses and previews. */
final class GitApiOptions {
  @Option(
      names = "--commit-status",
      paramLabel = "github|gitlab",
      description =
          "Set a status on each synced commit (and answer pull/merge request webhooks with a preview) through this host's API.")
  String commitStatus;

  @Option(
      names = "--git-api-url",
      paramLabel = "URL",
      description =
          "API root (default: from the remote: https://api.github.com, https://HOST/api/v3 for GitHub Enterprise, https://HOST/api/v4 for GitLab).")
  String apiUrl;

  @Option(
      names = "--git-api-token-file",
      paramLabel = "FILE",
      description =
          "File holding the API token (GitHub: statuses and pull-request comments; GitLab: api scope); read at every request. MOORING_GIT_API_TOKEN may hold the token itself.")
  Path tokenFile;

  @Option(
      names = "--git-api-project",
      paramLabel = "PROJECT",
      description =
          "GitHub owner/repo or GitLab project id or path (default: from the remote's path).")
  String project;

  @Option(
      names = "--cluster-name",
      description =
          "Names this cluster in the status context mooring/<name> and in previews (default: the kube context).")
  String clusterName;

  @Option(
      names = "--public-url",
      paramLabel = "URL",
      description = "Where users reach this Mooring's status page; commit statuses link to it.")
  String publicUrl;

  /**
   * The resolved settings; without {@code --commit-status} only the cluster name and public URL.
   *
   * @param context the kube context named on the command line, or null: the launcher then uses the
   *     kubeconfig's current one
   */
  GitApiConfig toConfig(
      CommandLine commandLine, String repo, String context, Map<String, String> environment) {
    String name = clusterName != null && !clusterName.isBlank() ? clusterName.trim() : context;
    if (commitStatus == null || commitStatus.isBlank()) {
      return new GitApiConfig(null, null, null, null, name, publicUrl);
    }
    ForgeKind kind;
    try {
      kind = ForgeKind.parse(commitStatus);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(commandLine, "--commit-status " + e.getMessage());
    }
    String tokenValue = environment.get("MOORING_GIT_API_TOKEN");
    if (tokenFile == null && (tokenValue == null || tokenValue.isBlank())) {
      throw new ParameterException(
          commandLine,
          "--commit-status needs --git-api-token-file or MOORING_GIT_API_TOKEN (the API token)");
    }
    ApiToken token = tokenFile != null ? ApiToken.file(tokenFile) : ApiToken.value(tokenValue);
    try {
      ForgeProject.of(kind, repo, apiUrl, project);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(commandLine, "--commit-status: " + e.getMessage());
    }
    return new GitApiConfig(kind, apiUrl, project, token, name, publicUrl);
  }
}
