package io.mooring.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooring.daemon.DaemonConfig;
import io.mooring.forge.ForgeKind;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code serve --commit-status ...}: what is checked before the daemon starts. */
class GitApiOptionsTest {

  private static DaemonConfig serveConfig(Map<String, String> environment, String... args) {
    CommandLine commandLine = Main.commandLine(environment, args);
    CommandLine.ParseResult parsed = commandLine.parseArgs(args);
    ServeCommand serve = (ServeCommand) parsed.subcommand().commandSpec().userObject();
    return serve.toConfig();
  }

  @Test
  void offByDefaultAndTheClusterIsNamedByTheContext() {
    DaemonConfig config =
        serveConfig(
            Map.of(),
            "serve",
            "--repo",
            "https://github.com/acme/config.git",
            "--context",
            "kind-prod");
    assertThat(config.gitApi().enabled()).isFalse();
    assertThat(config.gitApi().clusterName()).isEqualTo("kind-prod");
    assertThat(config.toString()).contains("commitStatus=off");
  }

  @Test
  void githubStatusesWithATokenFromTheEnvironmentNeverShowIt() {
    DaemonConfig config =
        serveConfig(
            Map.of("MOORING_GIT_API_TOKEN", "ghp_do-not-print"),
            "serve",
            "--repo",
            "git@github.com:acme/config.git",
            "--commit-status",
            "github",
            "--cluster-name",
            "prod-eu",
            "--public-url",
            "https://mooring.example.com");
    assertThat(config.gitApi().kind()).isEqualTo(ForgeKind.GITHUB);
    assertThat(config.gitApi().statusContext()).isEqualTo("mooring/prod-eu");
    assertThat(config.gitApi().statusPageUrl()).isEqualTo("https://mooring.example.com/");
    assertThat(config.toString()).contains("commitStatus=github as mooring/prod-eu");
    assertThat(config.toString() + config.gitApi()).doesNotContain("ghp_do-not-print");
  }

  @Test
  void missingTokenUnknownHostOrUnreadableProjectAreUsageErrors() {
    assertThatThrownBy(
            () ->
                serveConfig(
                    Map.of(),
                    "serve",
                    "--repo",
                    "https://github.com/a/b.git",
                    "--commit-status",
                    "github"))
        .hasMessageContaining("--git-api-token-file");
    assertThatThrownBy(
            () ->
                serveConfig(
                    Map.of("MOORING_GIT_API_TOKEN", "t"),
                    "serve",
                    "--repo",
                    "https://github.com/a/b.git",
                    "--commit-status",
                    "bitbucket"))
        .hasMessageContaining("github or gitlab");
    assertThatThrownBy(
            () ->
                serveConfig(
                    Map.of("MOORING_GIT_API_TOKEN", "t"),
                    "serve",
                    "--repo",
                    "/srv/git/config.git",
                    "--commit-status",
                    "gitlab"))
        .hasMessageContaining("--git-api-url");
  }
}
