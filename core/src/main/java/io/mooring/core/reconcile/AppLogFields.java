package io.mooring.core.reconcile;

import io.mooring.core.spec.AppRef;
import java.util.List;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The key-value pairs that name an app and its outcome in a log line, so that every line about an
 * app carries the same keys ({@code app}, {@code kind}, {@code namespace}, {@code outcome}, {@code
 * error}) whoever writes it.
 */
public final class AppLogFields {
  /** An error of a log line is for finding the app's status, not for holding a whole spec. */
  private static final int MAX_ERROR_CHARS = 500;

  private AppLogFields() {}

  public static LoggingEventBuilder app(LoggingEventBuilder line, AppRef app) {
    return line.addKeyValue("app", app.name())
        .addKeyValue("kind", app.kind().id())
        .addKeyValue("namespace", app.namespace());
  }

  /** The app, its outcome and, when it did not sync, the first problem. */
  public static LoggingEventBuilder result(LoggingEventBuilder line, AppResult result) {
    LoggingEventBuilder withOutcome =
        app(line, result.app()).addKeyValue("outcome", result.status());
    String error = error(result);
    return error == null ? withOutcome : withOutcome.addKeyValue("error", error);
  }

  private static String error(AppResult result) {
    if (result instanceof AppResult.Failed failed) {
      return shorten(failed.error());
    } else if (result instanceof AppResult.InternalFailure internal) {
      return shorten(internal.error());
    } else if (result instanceof AppResult.Invalid invalid) {
      return first(invalid.errors());
    } else if (result instanceof AppResult.Blocked blocked) {
      return first(blocked.reasons());
    }
    return null;
  }

  private static String first(List<String> problems) {
    if (problems.isEmpty()) {
      return null;
    }
    String first = shorten(problems.get(0));
    return problems.size() == 1 ? first : first + " (and " + (problems.size() - 1) + " more)";
  }

  private static String shorten(String text) {
    if (text == null || text.length() <= MAX_ERROR_CHARS) {
      return text;
    }
    return text.substring(0, MAX_ERROR_CHARS)
        + "… ("
        + (text.length() - MAX_ERROR_CHARS)
        + " more characters)";
  }
}
