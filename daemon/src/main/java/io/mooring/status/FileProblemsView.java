package io.mooring.status;

import java.util.List;

/**
 * A spec file Mooring cannot use, as the status API and page show it: its path (control characters
 * escaped) and its first problems as {@code file:line:col field: message} lines. Such a file holds
 * back every prune until it reads cleanly, whether or not its problems name an app.
 */
public record FileProblemsView(String path, List<String> problems) {
  public FileProblemsView {
    problems = List.copyOf(problems);
  }
}
