package io.mooring.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds a server binary for a real-process test. Where it is missing, the test is skipped on a
 * developer's machine but fails under CI ({@code CI=true}), where {@code .ci/run} must have
 * installed it.
 */
public final class RealBinaries {
  private RealBinaries() {}

  public static Path require(String name, String debianPackage) {
    Optional<Path> found = find(name);
    if (found.isPresent()) {
      return found.get();
    }
    String message =
        name + " is not installed; install Debian's " + debianPackage + " (.ci/run does)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  public static Optional<Path> find(String name) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin:/sbin:/bin";
    return Stream.of(path.split(":"))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
