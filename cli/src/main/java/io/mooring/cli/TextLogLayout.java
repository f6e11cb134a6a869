package io.mooring.cli;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import java.util.Arrays;
import java.util.List;
import org.slf4j.event.KeyValuePair;
import org.slf4j.helpers.MessageFormatter;

/**
 * The text log line: a pattern layout whose message, fields and stack trace are escaped by {@link
 * LogEscaping}, so that a value from outside (a webhook's ref, a file name) can neither start a new
 * line nor send escape codes to a terminal. Words it adds to the pattern: {@code %escapedMessage}
 * (the message with its arguments escaped), {@code %keyValues} (the event's key-value pairs as
 * {@code " key=value"}) and {@code %escapedException}.
 */
public final class TextLogLayout extends PatternLayout {

  public TextLogLayout() {
    getInstanceConverterMap().put("escapedMessage", EscapedMessage::new);
    getInstanceConverterMap().put("keyValues", KeyValues::new);
    getInstanceConverterMap().put("escapedException", EscapedException::new);
  }

  private static final class EscapedMessage extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
      String template = LogEscaping.text(String.valueOf(event.getMessage()));
      Object[] arguments = event.getArgumentArray();
      if (arguments == null || arguments.length == 0) {
        return template;
      }
      Object[] escaped = new Object[arguments.length];
      for (int i = 0; i < arguments.length; i++) {
        Object argument = arguments[i];
        escaped[i] =
            LogEscaping.value(
                argument instanceof Object[] array ? Arrays.deepToString(array) : argument);
      }
      return MessageFormatter.basicArrayFormat(template, escaped);
    }
  }

  private static final class KeyValues extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
      List<KeyValuePair> pairs = event.getKeyValuePairs();
      if (pairs == null || pairs.isEmpty()) {
        return "";
      }
      StringBuilder line = new StringBuilder();
      for (KeyValuePair pair : pairs) {
        LogEscaping.appendKeyValue(line.append(' '), pair.key, pair.value);
      }
      return line.toString();
    }
  }

  /** Stack traces keep their lines; an exception's message is escaped like any value. */
  private static final class EscapedException extends ThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(IThrowableProxy throwable) {
      return super.throwableProxyToString(new EscapedThrowable(throwable));
    }
  }

  private record EscapedThrowable(IThrowableProxy original) implements IThrowableProxy {
    @Override
    public String getMessage() {
      return original.getMessage() == null ? null : LogEscaping.text(original.getMessage());
    }

    @Override
    public String getClassName() {
      return original.getClassName();
    }

    @Override
    public StackTraceElementProxy[] getStackTraceElementProxyArray() {
      return original.getStackTraceElementProxyArray();
    }

    @Override
    public int getCommonFrames() {
      return original.getCommonFrames();
    }

    @Override
    public IThrowableProxy getCause() {
      return original.getCause() == null ? null : new EscapedThrowable(original.getCause());
    }

    @Override
    public IThrowableProxy[] getSuppressed() {
      IThrowableProxy[] suppressed = original.getSuppressed();
      return suppressed == null
          ? null
          : Arrays.stream(suppressed).map(EscapedThrowable::new).toArray(IThrowableProxy[]::new);
    }

    @Override
    public boolean isCyclic() {
      return original.isCyclic();
    }
  }
}
