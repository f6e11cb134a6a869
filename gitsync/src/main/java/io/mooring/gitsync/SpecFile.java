package io.mooring.gitsync;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A spec file read from a commit: its repository-relative path ({@code specs/redis/cache.yaml}) and
 * bytes. A class rather than a record: two files are equal by their bytes, which a record's array
 * component would compare by reference.
 */
public final class SpecFile {
  private final String path;
  private final byte[] content;

  public SpecFile(String path, byte[] content) {
    this.path = Objects.requireNonNull(path, "path");
    this.content = content.clone();
  }

  public String path() {
    return path;
  }

  public byte[] content() {
    return content.clone();
  }

  public String text() {
    return new String(content, StandardCharsets.UTF_8);
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
