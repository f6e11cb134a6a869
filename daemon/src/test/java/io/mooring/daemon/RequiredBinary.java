package io.mooring.daemon;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds a tool binary for a test that runs it. Missing, the test is skipped on a developer's
 * machine but fails under CI ({@code CI=true}), where {@code .ci/run} installs it. Same rule as
 * core's {@code RealBinaries}, which this module's tests cannot see.
 */
public final class RequiredBinary {
  private RequiredBinary() {}

  public static Path require(String name, String debianPackage) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin:/sbin:/bin";
    return Stream.of(path.split(":"))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst()
        .orElseGet(() -> missing(name, debianPackage));
  }

  private static Path missing(String name, String debianPackage) {
    String message =
        name + " is not installed; install Debian's " + debianPackage + " (.ci/run does)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }
}
