package io.mooring.core.spec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The content of one spec file and the repo-relative path it is reported under: the parser's input,
 * whether the bytes came from a commit's tree or from disk. It keeps the array it is given without
 * copying it, since it is made for one parse and read once.
 */
public record SpecFile(String path, byte[] content) {

  public SpecFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(content, "content");
  }

  public static SpecFile of(String path, String yaml) {
    return new SpecFile(path, yaml.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SpecFile that
        && path.equals(that.path)
        && Arrays.equals(content, that.content);
  }

  @Override
  public int hashCode() {
    return 31 * path.hashCode() + Arrays.hashCode(content);
  }

  @Override
  public String toString() {
    return "SpecFile[" + path + ", " + content.length + " bytes]";
  }
}
