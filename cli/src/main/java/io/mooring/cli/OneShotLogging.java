package io.mooring.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
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
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%level %logger{0} - %msg%n");
    encoder.start();
    LogFormat.useOnly(context, encoder, "System.err", Level.WARN);
    // An informer that cannot list logs a stack trace per kind; the command reports the failure
    // once.
    context.getLogger("io.fabric8.kubernetes.client.informers").setLevel(Level.OFF);
  }
}
