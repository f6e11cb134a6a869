package io.mooring.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooring.daemon.DaemonConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code serve --shards N}: one leader by default, Leases whenever the apps are shared. */
class ShardsOptionTest {
  private static final String REPO = "https://github.com/acme/config.git";

  private static DaemonConfig serveConfig(String... args) {
    CommandLine commandLine = Main.commandLine(Map.of(), args);
    CommandLine.ParseResult parsed = commandLine.parseArgs(args);
    ServeCommand serve = (ServeCommand) parsed.subcommand().commandSpec().userObject();
    return serve.toConfig();
  }

  @Test
  void oneShardByDefaultKeepsTheSingleLeaderAndItsLeaseName() {
    DaemonConfig config =
        serveConfig("serve", "--repo", REPO, "--leader-election", "--lease-name", "team-leader");

    assertThat(config.shards()).isEqualTo(1);
    assertThat(config.leaseName()).isEqualTo("team-leader");
    assertThat(config.toString()).doesNotContain("shards=");
  }

  @Test
  void moreShardsTurnLeaderElectionOnOutsideAPodToo() {
    DaemonConfig config = serveConfig("serve", "--repo", REPO, "--shards", "4");

    assertThat(config.shards()).isEqualTo(4);
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.toString()).contains("shards=4");
  }

  @Test
  void shardsWithoutLeasesOrFewerThanOneAreUsageErrors() {
    assertThatThrownBy(
            () ->
                serveConfig("serve", "--repo", REPO, "--shards", "3", "--leader-election", "false"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--shards 3 needs leader election");
    assertThatThrownBy(() -> serveConfig("serve", "--repo", REPO, "--shards", "0"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--shards must be at least 1");
  }
}
