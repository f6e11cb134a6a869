package io.mooring.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The pure packages import no I/O library: no fabric8 client, Vert.x, JGit or Micrometer. */
class PurePackagesTest {
  private static final Path SOURCES = Path.of("src", "main", "java", "io", "mooring", "core");
  private static final List<String> PURE = List.of("diff", "plan", "health");
  private static final List<String> FORBIDDEN =
      List.of("import io.fabric8.kubernetes.client", "import io.vertx", "import org.eclipse.jgit", "import io.micrometer");

  @Test
  void purePackagesImportNoIoLibrary() throws IOException {
    for (String pkg : PURE) {
      try (Stream<Path> files = Files.list(SOURCES.resolve(pkg))) {
        for (Path file : files.toList()) {
          String source = Files.readString(file);
          assertThat(FORBIDDEN).as(file.toString()).noneMatch(source::contains);
        }
      }
    }
  }
}
