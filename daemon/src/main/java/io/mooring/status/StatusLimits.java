package io.mooring.status;

import io.mooring.core.spec.ControlCharacters;
import io.mooring.core.spec.ProblemCaps;
import io.mooring.status.AppStatusView.DriftedObject;
import io.mooring.status.AppStatusView.FieldChange;
import java.util.ArrayList;
import java.util.List;

/**
 * What one app or file may add to the status: whatever git or the cluster holds, its share of the
 * page and the API stays small, so that a hostile repository cannot make the status too large to
 * build. Every text is escaped and cut to {@link ProblemCaps#MAX_CHARS}; lists end in an "and N
 * more" entry.
 */
final class StatusLimits {
  /** Problem lines per app or file: a file's capped problems, and room for a few more. */
  static final int MAX_LINES = 2 * ProblemCaps.MAX_PROBLEMS_PER_FILE + 10;

  /** Drifted fields per app, over all its objects. */
  static final int MAX_DRIFTED_FIELDS = 50;

  private StatusLimits() {}

  static String text(String text) {
    return text == null ? null : ProblemCaps.truncate(ControlCharacters.escape(text));
  }

  static List<String> lines(List<String> lines) {
    List<String> kept = new ArrayList<>();
    lines.stream().limit(MAX_LINES).map(StatusLimits::text).forEach(kept::add);
    if (lines.size() > MAX_LINES) {
      kept.add("and " + (lines.size() - MAX_LINES) + " more");
    }
    return kept;
  }

  static List<DriftedObject> drift(List<DriftedObject> objects) {
    List<DriftedObject> kept = new ArrayList<>();
    int room = MAX_DRIFTED_FIELDS;
    int moreFields = 0;
    int moreObjects = 0;
    for (DriftedObject object : objects) {
      if (room == 0) {
        moreObjects++;
        moreFields += object.fields().size();
        continue;
      }
      List<FieldChange> fields =
          object.fields().stream()
              .limit(room)
              .map(f -> new FieldChange(text(f.path()), text(f.desired()), text(f.live())))
              .toList();
      room -= fields.size();
      moreFields += object.fields().size() - fields.size();
      kept.add(new DriftedObject(text(object.kind()), text(object.name()), fields));
    }
    if (moreFields > 0 || moreObjects > 0) {
      kept.add(
          new DriftedObject(
              "",
              "and "
                  + moreFields
                  + " more changed fields"
                  + (moreObjects > 0 ? " in " + moreObjects + " more objects" : ""),
              List.of()));
    }
    return kept;
  }
}
