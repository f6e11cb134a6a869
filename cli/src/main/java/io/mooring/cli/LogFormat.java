package io.mooring.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.slf4j.LoggerFactory;

/**
 * {@code --log-format}: text (logback.xml, {@link TextLogLayout}) or one JSON object per line for
 * log collectors ({@link JsonLogEncoder}).
 */
enum LogFormat {
  TEXT,
  JSON;

  void apply() {
    if (this == TEXT || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    JsonLogEncoder encoder = new JsonLogEncoder();
    encoder.setContext(context);
    encoder.start();
    useOnly(context, encoder, "System.out", Level.INFO);
  }

  /** A text encoder with the given pattern, its values escaped (see {@link TextLogLayout}). */
  static Encoder<ILoggingEvent> text(LoggerContext context, String pattern) {
    TextLogLayout layout = new TextLogLayout();
    layout.setContext(context);
    layout.setPattern(pattern);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    return encoder;
  }

  /** Replaces every appender of the root logger by one console appender with this encoder. */
  static void useOnly(
      LoggerContext context, Encoder<ILoggingEvent> encoder, String target, Level level) {
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName(target);
    appender.setTarget(target);
    appender.setEncoder(encoder);
    appender.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    root.addAppender(appender);
    root.setLevel(level);
  }
}
