package io.mooring.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Golden-file assertions: rendered objects are compared as YAML with a file under {@code
 * src/test/resources/golden}. Run with {@code -Dgolden.update=true} to rewrite the files after an
 * intended change, then review the diff in git.
 */
public final class Golden {
  private static final Path ROOT = Path.of("src", "test", "resources", "golden");

  private Golden() {}

  public static void assertMatches(String relativePath, List<? extends HasMetadata> objects) {
    StringBuilder yaml = new StringBuilder();
    for (HasMetadata object : objects) {
      yaml.append(Serialization.asYaml(object));
    }
    assertMatches(relativePath, yaml.toString());
  }

  public static void assertMatches(String relativePath, String actual) {
    Path file = ROOT.resolve(relativePath);
    try {
      if (Boolean.getBoolean("golden.update")) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return;
      }
      assertThat(file)
          .as(
              "golden file %s is missing; run the test with -Dgolden.update=true to create it",
              file)
          .exists();
      String expected = Files.readString(file, StandardCharsets.UTF_8);
      assertThat(actual)
          .as("rendered output differs from golden file %s", file)
          .isEqualTo(expected);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
