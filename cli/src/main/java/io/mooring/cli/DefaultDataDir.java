package io.mooring.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Where {@code serve} keeps its git mirror when {@code --data-dir} is not given: the user's state
 * directory, never the working directory, which is often a checkout the mirror would land in.
 */
final class DefaultDataDir {
  private DefaultDataDir() {}

  /**
   * The directories to try, best first: {@code $XDG_STATE_HOME/mooring} (only when absolute, as the
   * XDG base directory specification requires), then {@code $HOME/.local/state/mooring}.
   *
   * @param environment the process environment
   * @param userHome the JVM's idea of the home directory, for when {@code HOME} is not set
   */
  static List<Path> candidates(Map<String, String> environment, String userHome) {
    List<Path> candidates = new ArrayList<>();
    String stateHome = environment.get("XDG_STATE_HOME");
    if (stateHome != null && !stateHome.isBlank() && Path.of(stateHome).isAbsolute()) {
      candidates.add(Path.of(stateHome, "mooring"));
    }
    String home = environment.get("HOME");
    if (home == null || home.isBlank()) {
      home = userHome;
    }
    if (home != null && !home.isBlank() && Path.of(home).isAbsolute()) {
      candidates.add(Path.of(home, ".local", "state", "mooring"));
    }
    return candidates;
  }

  /** The first candidate that is {@code usable}, else a directory from {@code temporary}. */
  static Path choose(List<Path> candidates, Predicate<Path> usable, Supplier<Path> temporary) {
    return candidates.stream().filter(usable).findFirst().orElseGet(temporary);
  }

  /** The default for this process: creates the chosen directory. */
  static Path resolve(Map<String, String> environment) {
    return choose(
        candidates(environment, System.getProperty("user.home")),
        DefaultDataDir::createdWritable,
        DefaultDataDir::newTemporary);
  }

  private static boolean createdWritable(Path directory) {
    try {
      Files.createDirectories(directory);
      return Files.isWritable(directory);
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  private static Path newTemporary() {
    try {
      return Files.createTempDirectory("mooring-");
    } catch (IOException e) {
      throw new UncheckedIOException("no writable home and no temporary directory", e);
    }
  }
}
