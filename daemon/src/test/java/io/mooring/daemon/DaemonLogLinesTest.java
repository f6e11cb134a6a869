package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mooring.core.reconcile.Trigger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What the daemon writes to its log: values as key-value pairs, and no line repeated per poll. */
class DaemonLogLinesTest {
  private static final String APP_FILE = "default/redis-no-auth.yaml";

  @TempDir Path dir;
  private DaemonFixture fixture;
  private Daemon daemon;
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger mooring = (Logger) LoggerFactory.getLogger("io.mooring");

  @BeforeEach
  void start() throws Exception {
    lines.start();
    mooring.addAppender(lines);
    fixture = DaemonFixture.create(dir, APP_FILE);
    daemon = fixture.start("data", config -> config);
    await().atMost(Duration.ofSeconds(60)).until(daemon::ready);
  }

  @AfterEach
  void stop() throws Exception {
    mooring.detachAppender(lines);
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void eachAppsOutcomeCarriesItsValuesAsKeys() throws Exception {
    String tip = fixture.repo().tip();

    assertThat(events("app reconciled"))
        .anySatisfy(
            line ->
                assertThat(values(line))
                    .containsEntry("app", "sessions")
                    .containsEntry("kind", "redis")
                    .containsEntry("namespace", "default")
                    .containsEntry("revision", tip)
                    .containsEntry("outcome", "synced")
                    .containsEntry("trigger", "startup")
                    .containsKey("duration_ms"));
    assertThat(events("sync finished"))
        .anySatisfy(
            line ->
                assertThat(values(line))
                    .containsEntry("revision", tip)
                    .containsEntry("apps", "1")
                    .containsEntry("synced", "1"));
  }

  @Test
  void aDeletedBranchWarnsOnceNotOnEveryPollAndItsReturnIsLoggedOnce() throws Exception {
    int warningsBefore = warnings().size();
    fixture.repo().deleteBranch();

    for (int poll = 1; poll <= 3; poll++) {
      daemon.triggerSync(Trigger.POLL);
      int failures = poll;
      await().atMost(Duration.ofSeconds(30)).until(() -> gitFailuresInARow() == failures);
    }

    List<ILoggingEvent> warnings = warnings().subList(warningsBefore, warnings().size());
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0).getFormattedMessage()).contains("main").contains("1 in a row");

    fixture.repo().commit(APP_FILE, ConfigRepository.example(APP_FILE), "The branch is back");
    daemon.triggerSync(Trigger.POLL);
    await().atMost(Duration.ofSeconds(30)).until(() -> gitFailuresInARow() == 0);
    assertThat(lines.list)
        .filteredOn(line -> line.getFormattedMessage().contains("works again"))
        .singleElement()
        .satisfies(line -> assertThat(line.getFormattedMessage()).contains("3 failed"));
  }

  private double gitFailuresInARow() {
    return daemon.registry().get("mooring.git.consecutive.failures").gauge().value();
  }

  private List<ILoggingEvent> warnings() {
    return lines.list.stream()
        .filter(line -> line.getLevel().isGreaterOrEqual(Level.WARN))
        .toList();
  }

  private List<ILoggingEvent> events(String message) {
    return lines.list.stream().filter(line -> message.equals(line.getMessage())).toList();
  }

  private static Map<String, String> values(ILoggingEvent line) {
    return line.getKeyValuePairs().stream()
        .collect(Collectors.toMap(pair -> pair.key, pair -> String.valueOf(pair.value)));
  }
}
