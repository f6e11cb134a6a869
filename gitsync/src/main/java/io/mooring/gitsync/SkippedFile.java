package io.mooring.gitsync;

/**
 * A tree entry that looked like a spec file but was not read, and why. The path is the tree's, as a
 * later change of it names it; it may hold control characters, so escape it before showing it.
 */
public record SkippedFile(String path, Reason reason) {

  public enum Reason {
    /** A symbolic link: its target could point anywhere, including outside the repository. */
    SYMLINK,
    /** A submodule (gitlink): its content lives in another repository Mooring does not follow. */
    SUBMODULE,
    /** Larger than {@link MirrorOptions#maxFileBytes()}. */
    TOO_LARGE,
    /**
     * A name no checkout could hold safely ("..", ".", empty segment, backslash, control
     * character).
     */
    UNSAFE_PATH
  }
}
