package io.mooring.core.rediscluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The record of a change kept on a Kubernetes object, so that whichever Mooring runs next resumes
 * it and reports it. What to do next is always decided from the servers' own report (a half-moved
 * slot is visible there); the record says which change is under way, how far it got, and what was
 * being done when it stopped.
 *
 * @param change the layout being reached, e.g. {@code 4x1}
 * @param phase {@code settled}, {@code blocked}, or the kind of the step last started
 * @param slotsMoved slots moved for this change so far
 * @param detail the last step started, or why the change stopped
 */
public record ClusterProgress(String change, String phase, int slotsMoved, String detail) {
  public static final ClusterProgress NONE = new ClusterProgress("", "none", 0, "");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The record for a step about to start; a new change starts counting from zero. */
  public ClusterProgress starting(String change, String phase, String detail) {
    int moved = change.equals(this.change) ? slotsMoved : 0;
    return new ClusterProgress(change, phase, moved, detail);
  }

  public ClusterProgress moved(int slots) {
    return new ClusterProgress(change, phase, slotsMoved + slots, detail);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An unreadable record (edited by hand) counts as none: the servers' report decides anyway. */
  public static ClusterProgress fromJson(String json) {
    if (json == null || json.isBlank()) {
      return NONE;
    }
    try {
      return JSON.readValue(json, ClusterProgress.class);
    } catch (JsonProcessingException e) {
      return NONE;
    }
  }
}
