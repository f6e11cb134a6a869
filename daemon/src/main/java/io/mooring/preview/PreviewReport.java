package io.mooring.preview;

import java.util.List;

/**
 * A preview of one pull request's head against the live cluster.
 *
 * @param fileProblems spec files of the head that cannot be used and declare no app
 */
public record PreviewReport(
    String headSha, List<AppPreview> apps, List<String> fileProblems, String error) {

  public PreviewReport {
    apps = List.copyOf(apps);
    fileProblems = List.copyOf(fileProblems);
  }

  /** The head could not be previewed at all (fetch failed). */
  public static PreviewReport failed(String headSha, String error) {
    return new PreviewReport(headSha, List.of(), List.of(), error);
  }

  /** A spec the head changes is invalid: the status is a failure. */
  public boolean invalid() {
    return !fileProblems.isEmpty() || apps.stream().anyMatch(AppPreview::invalid);
  }
}
