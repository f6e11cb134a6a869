package io.mooring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DefaultDataDirTest {
  private static final Path TEMPORARY = Path.of("/tmp/mooring-123");

  @Test
  void xdgStateHomeComesFirstThenTheHomeStateDirectory() {
    assertThat(
            DefaultDataDir.candidates(
                Map.of("XDG_STATE_HOME", "/srv/state", "HOME", "/home/ann"), "/home/jvm"))
        .containsExactly(Path.of("/srv/state/mooring"), Path.of("/home/ann/.local/state/mooring"));
  }

  @Test
  void withoutXdgStateHomeTheHomeStateDirectoryIsUsed() {
    assertThat(DefaultDataDir.candidates(Map.of("HOME", "/home/ann"), "/home/jvm"))
        .containsExactly(Path.of("/home/ann/.local/state/mooring"));
  }

  @Test
  void aRelativeXdgStateHomeIsIgnoredAsTheSpecificationRequires() {
    assertThat(
            DefaultDataDir.candidates(
                Map.of("XDG_STATE_HOME", "state", "HOME", "/home/ann"), "/home/jvm"))
        .containsExactly(Path.of("/home/ann/.local/state/mooring"));
  }

  @Test
  void withoutHomeInTheEnvironmentTheJvmsHomeIsUsed() {
    assertThat(DefaultDataDir.candidates(Map.of(), "/home/jvm"))
        .containsExactly(Path.of("/home/jvm/.local/state/mooring"));
    assertThat(DefaultDataDir.candidates(Map.of("HOME", ""), "/home/jvm"))
        .containsExactly(Path.of("/home/jvm/.local/state/mooring"));
  }

  @Test
  void noCandidateIsEverRelativeToTheWorkingDirectory() {
    assertThat(DefaultDataDir.candidates(Map.of("XDG_STATE_HOME", ".", "HOME", "checkout"), "."))
        .isEmpty();
  }

  @Test
  void theFirstUsableCandidateWins() {
    List<Path> candidates =
        List.of(Path.of("/srv/state/mooring"), Path.of("/home/ann/.local/state/mooring"));

    assertThat(DefaultDataDir.choose(candidates, path -> true, () -> TEMPORARY))
        .isEqualTo(Path.of("/srv/state/mooring"));
    assertThat(DefaultDataDir.choose(candidates, path -> path.startsWith("/home"), () -> TEMPORARY))
        .isEqualTo(Path.of("/home/ann/.local/state/mooring"));
  }

  @Test
  void whenNoHomeIsWritableATemporaryDirectoryIsUsed() {
    List<Path> candidates = List.of(Path.of("/home/ann/.local/state/mooring"));

    assertThat(DefaultDataDir.choose(candidates, path -> false, () -> TEMPORARY))
        .isEqualTo(TEMPORARY);
    assertThat(DefaultDataDir.choose(List.of(), path -> true, () -> TEMPORARY))
        .isEqualTo(TEMPORARY);
  }

  @Test
  void serveWithoutDataDirKeepsItsMirrorInTheStateDirectory(@TempDir Path state) {
    assertThat(serveConfigDataDir(Map.of("XDG_STATE_HOME", state.toString())))
        .isEqualTo(state.resolve("mooring"));
    assertThat(state.resolve("mooring")).isDirectory();
  }

  @Test
  void serveFallsBackToATemporaryDirectoryWhenNoHomeIsWritable(@TempDir Path dir) throws Exception {
    // Nothing can be created under a home that is a file, whoever runs the test (root writes
    // into read-only directories).
    Path home = Files.writeString(dir.resolve("home"), "not a directory");

    Path chosen = serveConfigDataDir(Map.of("HOME", home.toString()));

    assertThat(chosen).isDirectory().startsWith(Path.of(System.getProperty("java.io.tmpdir")));
    assertThat(chosen.getFileName().toString()).startsWith("mooring-");
    Files.delete(chosen);
  }

  @Test
  void anExplicitDataDirWins(@TempDir Path state) {
    assertThat(
            serveConfigDataDir(
                Map.of("XDG_STATE_HOME", state.toString()), "--data-dir", "/var/lib/mooring"))
        .isEqualTo(Path.of("/var/lib/mooring"));
    assertThat(
            serveConfigDataDir(
                Map.of("XDG_STATE_HOME", state.toString(), "MOORING_DATA_DIR", "/srv/mooring")))
        .isEqualTo(Path.of("/srv/mooring"));
    assertThat(state.resolve("mooring")).doesNotExist();
  }

  @Test
  void serveHelpNamesTheDefault() {
    String help =
        Main.commandLine(Map.of(), "serve")
            .getSubcommands()
            .get("serve")
            .getUsageMessage()
            .replaceAll("\\s+", " ");

    assertThat(help)
        .contains(
            "--data-dir=<dataDir> Where the git mirror is kept (default: $XDG_STATE_HOME/mooring,"
                + " else ~/.local/state/mooring, else a new temporary directory).")
        .doesNotContain("mooring-data");
  }

  /** The data directory {@code serve} would use, without starting anything. */
  private static Path serveConfigDataDir(Map<String, String> environment, String... options) {
    List<String> args = new ArrayList<>(List.of("serve", "--repo", "file:///config"));
    args.addAll(List.of(options));
    String[] argv = args.toArray(String[]::new);
    CommandLine commandLine = Main.commandLine(environment, argv);
    commandLine.parseArgs(argv);
    return ((ServeCommand) commandLine.getSubcommands().get("serve").getCommand())
        .toConfig()
        .dataDir();
  }
}
