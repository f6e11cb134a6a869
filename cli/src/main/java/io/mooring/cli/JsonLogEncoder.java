package io.mooring.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per line, for log collectors: {@code timestamp}, {@code level}, {@code logger},
 * {@code thread}, {@code message} (formatted, values included), then every key-value pair of the
 * event as a top-level key ({@code app}, {@code revision}, {@code outcome} ...), then {@code
 * exception} when there is one. Numbers and booleans stay JSON numbers and booleans.
 */
final class JsonLogEncoder extends EncoderBase<ILoggingEvent> {
  private static final JsonFactory JSON = new JsonFactory();
  private static final List<String> OWN_KEYS =
      List.of("timestamp", "level", "logger", "thread", "message", "exception");

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
      json.writeStringField("level", event.getLevel().toString());
      json.writeStringField("logger", event.getLoggerName());
      json.writeStringField("thread", event.getThreadName());
      json.writeStringField("message", event.getFormattedMessage());
      writeKeyValues(json, event.getKeyValuePairs());
      if (event.getThrowableProxy() != null) {
        json.writeStringField("exception", ThrowableProxyUtil.asString(event.getThrowableProxy()));
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  private static void writeKeyValues(JsonGenerator json, List<KeyValuePair> pairs)
      throws IOException {
    if (pairs == null) {
      return;
    }
    // A key given twice, or one of the line's own keys, would make a line some parsers refuse.
    Set<String> written = new HashSet<>(OWN_KEYS);
    for (KeyValuePair pair : pairs) {
      if (pair.key == null || !written.add(pair.key)) {
        continue;
      }
      json.writeFieldName(pair.key);
      if (pair.value instanceof Integer || pair.value instanceof Long) {
        json.writeNumber(((Number) pair.value).longValue());
      } else if (pair.value instanceof Double number && Double.isFinite(number)) {
        json.writeNumber(number);
      } else if (pair.value instanceof Boolean bool) {
        json.writeBoolean(bool);
      } else if (pair.value == null) {
        json.writeNull();
      } else {
        json.writeString(String.valueOf(pair.value));
      }
    }
  }
}
