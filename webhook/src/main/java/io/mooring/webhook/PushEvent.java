package io.mooring.webhook;

import java.util.List;

/**
 * What Mooring takes from a push payload: which repository and ref, and whether the ref was
 * deleted. The commit lists in the payload are ignored on purpose (truncated by both providers, and
 * not to be trusted): the changed paths always come from git.
 */
public record PushEvent(List<String> repositoryUrls, String ref, String after, boolean deleted) {
  private static final String ZERO_SHA = "0000000000000000000000000000000000000000";

  public PushEvent {
    repositoryUrls = List.copyOf(repositoryUrls);
  }

  /**
   * A deletion of the ref: GitHub sets {@code deleted}, both providers send an all-zero {@code
   * after}.
   */
  public boolean refDeleted() {
    return deleted || ZERO_SHA.equals(after);
  }
}
