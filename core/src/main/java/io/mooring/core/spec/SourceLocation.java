package io.mooring.core.spec;

/**
 * Where a spec (or a problem in it) was written: a repo-relative file and a 1-based line and
 * column.
 */
public record SourceLocation(String file, int line, int column) {

  public static SourceLocation ofFile(String file) {
    return new SourceLocation(file, 0, 0);
  }

  @Override
  public String toString() {
    if (line <= 0) {
      return file;
    }
    return column <= 0 ? file + ":" + line : file + ":" + line + ":" + column;
  }
}
