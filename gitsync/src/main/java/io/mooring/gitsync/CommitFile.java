package io.mooring.gitsync;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A file read from a commit's tree: its repository-relative path ({@code specs/redis/cache.yaml})
 * and bytes, as git stores them. What the bytes mean is for the reader of the snapshot to decide;
 * the bytes are copied in and out, so that a snapshot's file can never be changed by whoever holds
 * it.
 */
public record CommitFile(String path, byte[] content) {

  public CommitFile {
    Objects.requireNonNull(path, "path");
    content = content.clone();
  }

  @Override
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
