package io.mooring.core.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.render.common.MooringLabels;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An explicit permission to prune past the prune guards (rule 3), and who gave it. The guards stop
 * a sync that would prune too much at once, which also traps a person who removes many apps on
 * purpose (reverting a commit that added them by mistake); this is the way out, and whoever uses it
 * is audited (see {@link GuardOverride}).
 *
 * <p>Two kinds: {@code mooring sync --force} allows every prune of that one run; a line {@value
 * #MARKER}{@code : <revision>} in the message of the commit a daemon syncs allows the prune of the
 * apps whose objects were last applied from that revision, and of no other app. Naming a revision
 * makes the line one-time: once those apps are gone nothing carries the revision any more, and a
 * later mass removal is guarded again even though the line stays in the history.
 *
 * @param everything allows every prune ({@code sync --force})
 * @param revisions commits (full or at least 7 hex digits) whose apps may be pruned
 * @param allowedBy who allowed it, as the audit shows it
 */
public record PruneAllowance(boolean everything, Set<String> revisions, String allowedBy) {
  /** The key of the line in a commit message. */
  public static final String MARKER = "mooring.io/allow-prune";

  /** Metric label of {@link #everything} allowances. */
  public static final String FORCE = "force";

  /** Metric label of allowances that name revisions. */
  public static final String REVISION = "revision";

  private static final PruneAllowance NONE = new PruneAllowance(false, Set.of(), "");
  private static final Pattern LINE =
      Pattern.compile(
          "^\\s*" + Pattern.quote(MARKER) + "\\s*:\\s*\"?([0-9a-fA-F]{7,40})\"?\\s*$",
          Pattern.MULTILINE);

  public PruneAllowance {
    Set<String> normalized = new TreeSet<>();
    revisions.forEach(revision -> normalized.add(revision.toLowerCase(Locale.ROOT)));
    revisions = Set.copyOf(normalized);
  }

  public static PruneAllowance none() {
    return NONE;
  }

  /** Every prune of one run, e.g. {@code mooring sync --force}. */
  public static PruneAllowance everything(String allowedBy) {
    return new PruneAllowance(true, Set.of(), allowedBy);
  }

  /** The prune of the apps last applied from one of {@code revisions}. */
  public static PruneAllowance ofRevisions(Collection<String> revisions, String allowedBy) {
    return revisions.isEmpty() ? NONE : new PruneAllowance(false, Set.copyOf(revisions), allowedBy);
  }

  /**
   * The allowance a commit message gives: one revision per {@value #MARKER} line (the value may be
   * quoted); none when it has no such line.
   *
   * @param allowedBy the commit and its author, for the audit
   */
  public static PruneAllowance fromCommitMessage(String message, String allowedBy) {
    Set<String> revisions = new TreeSet<>();
    Matcher matcher = LINE.matcher(message == null ? "" : message);
    while (matcher.find()) {
      revisions.add(matcher.group(1));
    }
    return ofRevisions(revisions, allowedBy);
  }

  public boolean isNone() {
    return !everything && revisions.isEmpty();
  }

  /** The metric label of this allowance: {@value #FORCE} or {@value #REVISION}. */
  public String kind() {
    return everything ? FORCE : REVISION;
  }

  /**
   * True when this allowance covers the removal of an app: always for {@link #everything}; for
   * revisions, when every object the removal writes that Mooring stamped carries one of them (the
   * volumes the StatefulSet made carry none and are kept anyway), and at least one does.
   */
  boolean covers(AppPlan removal) {
    if (everything) {
      return true;
    }
    if (revisions.isEmpty()) {
      return false;
    }
    boolean stamped = false;
    for (ObjectAction action : removal.writes()) {
      String revision = revisionOf(action);
      if (revision == null) {
        continue;
      }
      stamped = true;
      if (revisions.stream().noneMatch(revision.toLowerCase(Locale.ROOT)::startsWith)) {
        return false;
      }
    }
    return stamped;
  }

  /** The revisions the objects of a removal were last applied from, for the guard's message. */
  static Set<String> revisionsOf(AppPlan removal) {
    Set<String> revisions = new TreeSet<>();
    for (ObjectAction action : removal.writes()) {
      String revision = revisionOf(action);
      if (revision != null) {
        revisions.add(revision);
      }
    }
    return revisions;
  }

  private static String revisionOf(ObjectAction action) {
    HasMetadata object =
        action instanceof ObjectAction.Prune prune
            ? prune.live()
            : action instanceof ObjectAction.Retain retain ? retain.live() : null;
    if (object == null) {
      return null;
    }
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(MooringLabels.REVISION_ANNOTATION);
  }
}
