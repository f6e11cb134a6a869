package io.mooring.gitsync;

/**
 * When a mirror that could not be read is cloned afresh. The first failure clones at once; if reads
 * keep failing (the remote itself serves something unreadable), clones thin out to the 2nd, 4th,
 * 8th ... failure in a row and then every {@value #EVERY}th, so a broken remote is not cloned in
 * full on every poll.
 */
final class RecloneBackoff {
  static final int EVERY = 64;

  private RecloneBackoff() {}

  static boolean due(int failuresInARow) {
    return failuresInARow > 0
        && (Integer.bitCount(failuresInARow) == 1 || failuresInARow % EVERY == 0);
  }
}
