package io.mooring.gitsync;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A file read from a commit's tree: its repository-relative path ({@code specs/redis/cache.yaml})
 * and bytes, as git stores them. What the bytes mean is for the reader of the snapshot to decide;
 * the bytes are copied in and out, so that a snapshot's file can never be changed by whoever holds
 * it. A class rather than a record: two files are equal by their bytes, which a record's array
 * component would compare by reference.
 */
public final class CommitFile {
  private final String path;
  private final byte[] content;

  public CommitFile(String path, byte[] content) {
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
    return other instanceof CommitFile that
        && path.equals(that.path)
        && Arrays.equals(content, that.content);
  }

  @Override
  public int hashCode() {
    return 31 * path.hashCode() + Arrays.hashCode(content);
  }

  @Override
  public String toString() {
    return "CommitFile[" + path + ", " + content.length + " bytes]";
  }
}
