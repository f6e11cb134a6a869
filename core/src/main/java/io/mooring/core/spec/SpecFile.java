package io.mooring.core.spec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The content of one spec file and the repo-relative path it is reported under: the parser's input,
 * whether the bytes came from a commit's tree or from disk. It keeps the array it is given without
 * copying it, since it is made for one parse and read once. A class rather than a record: two files
 * are equal by their bytes, which a record's array component would compare by reference.
 */
public final class SpecFile {
  private final String path;
  private final byte[] content;

  /** Takes {@code content} as it is, without a copy: spec files are read once and never changed. */
  public SpecFile(String path, byte[] content) {
    this.path = Objects.requireNonNull(path, "path");
    this.content = Objects.requireNonNull(content, "content");
  }

  public static SpecFile of(String path, String yaml) {
    return new SpecFile(path, yaml.getBytes(StandardCharsets.UTF_8));
  }

  public String path() {
    return path;
  }

  public byte[] content() {
    return content;
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
