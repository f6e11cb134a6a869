package io.mooring.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Logging of commands whose stdout is their result (a diff, a change set): warnings only, on
 * stderr, so that a pipeline can read stdout as it is.
 */
final class OneShotLogging {
  private OneShotLogging() {}

  static void toStderr() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    LogFormat.useOnly(
        context,
        LogFormat.text(context, "%level %logger{0} - %escapedMessage%keyValues%n%escapedException"),
        "System.err",
        Level.WARN);
    // An informer that cannot list logs a stack trace per kind; the command reports the failure
    // once.
    context.getLogger("io.fabric8.kubernetes.client.informers").setLevel(Level.OFF);
  }
}
