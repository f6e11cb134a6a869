package io.mooring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** The text and JSON encoders on events as the daemon writes them, hostile values included. */
class LogEncodersTest {
  private static final String HOSTILE = "x\n2026-01-01 INFO forged \u001b[31m\"";
  private final LoggerContext context = new LoggerContext();
  private final Logger logger = context.getLogger("io.mooring.http.WebhookRoutes");

  @Test
  void aTextLineStaysOneLineWithItsValuesEscaped() {
    LoggingEvent event = event("webhook {} of {}", HOSTILE, "github");
    event.addKeyValuePair(new KeyValuePair("reason", "ref " + HOSTILE));
    event.addKeyValuePair(new KeyValuePair("status", 202));

    String line = text("%level %logger{0} - %escapedMessage%keyValues%n%escapedException", event);

    assertThat(line)
        .isEqualTo(
            "INFO WebhookRoutes - webhook x\\n2026-01-01 INFO forged \\u001b[31m\\\" of github"
                + " reason=\"ref x\\n2026-01-01 INFO forged \\u001b[31m\\\"\" status=202\n");
  }

  @Test
  void anExceptionsMessageIsEscapedAndItsStackTraceKeepsItsLines() {
    LoggingEvent event = event("render failed");
    event.setThrowableProxy(
        new ch.qos.logback.classic.spi.ThrowableProxy(
            new IllegalStateException("bad value " + HOSTILE)));

    String text = text("%escapedMessage%n%escapedException", event);

    assertThat(text.lines().toList().get(1))
        .isEqualTo(
            "java.lang.IllegalStateException: bad value x\\n2026-01-01 INFO forged \\u001b[31m\"");
    assertThat(text).doesNotContain("\u001b").contains("\tat io.mooring.cli.LogEncodersTest");
  }

  @Test
  void aJsonLineHasTheValuesAsTopLevelKeys() throws Exception {
    LoggingEvent event = event("webhook {}", HOSTILE);
    event.addKeyValuePair(new KeyValuePair("reason", HOSTILE));
    event.addKeyValuePair(new KeyValuePair("status", 401));
    event.addKeyValuePair(new KeyValuePair("level", "a pair may not replace the line's level"));
    event.setThrowableProxy(
        new ch.qos.logback.classic.spi.ThrowableProxy(new IllegalStateException("boom")));
    JsonLogEncoder encoder = new JsonLogEncoder();
    encoder.setContext(context);
    encoder.start();

    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

    assertThat(line).endsWith("}\n").hasLineCount(1).doesNotContain("\u001b");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.path("level").asText()).isEqualTo("INFO");
    assertThat(json.path("logger").asText()).isEqualTo("io.mooring.http.WebhookRoutes");
    assertThat(json.path("message").asText()).isEqualTo("webhook " + HOSTILE);
    assertThat(json.path("reason").asText()).isEqualTo(HOSTILE);
    assertThat(json.path("status").isInt()).isTrue();
    assertThat(json.path("status").asInt()).isEqualTo(401);
    assertThat(json.path("exception").asText()).startsWith("java.lang.IllegalStateException: boom");
    assertThat(json.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
  }

  private LoggingEvent event(String message, Object... arguments) {
    return new LoggingEvent(Logger.FQCN, logger, Level.INFO, message, null, arguments);
  }

  private String text(String pattern, ILoggingEvent event) {
    Encoder<ILoggingEvent> encoder = LogFormat.text(context, pattern);
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }
}
