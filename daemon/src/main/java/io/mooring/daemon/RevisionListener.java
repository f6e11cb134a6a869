package io.mooring.daemon;

/**
 * Told by the sync job what happens to each revision of the followed branch; it must return at once
 * (the sync waits for it).
 */
public interface RevisionListener {
  RevisionListener NONE =
      new RevisionListener() {
        @Override
        public void applying(String commit) {}

        @Override
        public void synced(String commit) {}

        @Override
        public void unreadable(String commit, String reason) {}
      };

  /** The branch moved to {@code commit}, whose apps are being reconciled. */
  void applying(String commit);

  /** A sync of {@code commit} finished; the status store holds what it did to each app. */
  void synced(String commit);

  /** {@code commit} could not be read from the mirror. */
  void unreadable(String commit, String reason);
}
