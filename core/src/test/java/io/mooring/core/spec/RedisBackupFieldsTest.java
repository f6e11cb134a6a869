package io.mooring.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.mooring.core.source.SpecSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** persistence.aof, persistence.rdb, backup and restore of the Hera kinds. */
class RedisBackupFieldsTest {
  private static final SpecParser PARSER = SpecParser.standard(SpecParserOptions.defaults());

  private static final String SOURCE =
      """
      apiVersion: cache.hera.io/v1alpha1
      kind: RedisInstance
      metadata: {name: orders-cache}
      spec:
        persistence:
          aof: {enabled: true, fsync: always}
          rdb: {save: "900 1  300 10"}
        backup:
          schedule: "0 */6 * * *"
          retain: 3
          pointInTime: true
          storage: {size: 20Gi, storageClassName: standard}
      """;

  private static SpecParseResult parse(String... yaml) {
    return PARSER.parse(List.of(SpecFile.of("apps.yaml", String.join("---\n", yaml))));
  }

  @Test
  void aFullySpecifiedInstanceCarriesItsFilesBackupsAndRestore() {
    String restored =
        """
        apiVersion: cache.hera.io/v1alpha1
        kind: RedisInstance
        metadata: {name: orders-copy}
        spec:
          restore:
            fromApp: orders-cache
            backup: 20261130T120000Z
            pointInTime: "2026-11-30T12:30:00+01:00"
        """;
    SpecParseResult result = parse(SOURCE, restored);

    assertThat(result.errors()).isEmpty();
    RedisSpec source = (RedisSpec) result.specs().get(0);
    assertThat(source.persistence())
        .isEqualTo(
            new RedisPersistence(true, true, Optional.of("900 1 300 10"), AppendFsync.ALWAYS));
    RedisBackupPolicy backup = source.protection().backup().orElseThrow();
    assertThat(backup.schedule().expression()).isEqualTo("0 */6 * * *");
    assertThat(backup.retain()).isEqualTo(3);
    assertThat(backup.pointInTime()).isTrue();
    assertThat(backup.storageSize()).isEqualTo(new Quantity("20Gi"));
    assertThat(backup.storageClass()).isEqualTo("standard");
    assertThat(source.protection().timestampedAppendOnlyFile()).isTrue();

    RedisRestore restore = ((RedisSpec) result.specs().get(1)).protection().restore().orElseThrow();
    assertThat(restore.fromApp()).isEqualTo("orders-cache");
    assertThat(restore.backup()).isEqualTo("20261130T120000Z");
    assertThat(restore.pointInTime()).contains(Instant.parse("2026-11-30T11:30:00Z"));
  }

  @Test
  void badValuesAreReportedAtTheirLineAndColumnWithTheirField() {
    String bad =
        """
        apiVersion: cache.hera.io/v1alpha1
        kind: RedisCluster
        metadata: {name: bad}
        spec:
          persistence:
            aof: {enabled: false, fsync: sometimes}
            rdb: {save: "900"}
          backup:
            schedule: "0 25 * * *"
            retain: 0
            pointInTime: true
          restore:
            fromApp: bad-source
            backup: yesterday
            pointInTime: "2026-11-30 12:00"
        """;
    List<String> errors = parse(bad).errors().stream().map(SpecError::toString).toList();

    assertThat(errors)
        .anyMatch(e -> e.startsWith("apps.yaml:6:34 spec.persistence.aof.fsync: must be always"))
        .anyMatch(e -> e.startsWith("apps.yaml:7:17 spec.persistence.rdb.save: must be pairs"))
        .anyMatch(
            e -> e.startsWith("apps.yaml:9:15 spec.backup.schedule:") && e.contains("hour field"))
        .anyMatch(e -> e.startsWith("apps.yaml:10:13 spec.backup.retain:"))
        .anyMatch(
            e -> e.startsWith("apps.yaml:11:18 spec.backup.pointInTime: needs the append-only"))
        .anyMatch(e -> e.startsWith("apps.yaml:14:13 spec.restore.backup: must be latest"))
        .anyMatch(
            e -> e.startsWith("apps.yaml:15:18 spec.restore.pointInTime: must be an RFC 3339"));
    assertThat(errors)
        .anyMatch(e -> e.startsWith("apps.yaml:9:5 spec.backup: is not supported for RedisCluster"))
        .anyMatch(
            e -> e.startsWith("apps.yaml:13:5 spec.restore: is not supported for RedisCluster"));
  }

  @Test
  void aRestoreFromAnUndeclaredAppIsInvalidInValidateAndInTheSyncedSet() {
    String orphan =
        """
        apiVersion: cache.hera.io/v1alpha1
        kind: RedisInstance
        metadata: {name: orphan}
        spec:
          restore: {fromApp: nowhere}
        """;
    SpecParseResult result = parse(SOURCE, orphan);
    assertThat(result.errors())
        .extracting(SpecError::toString)
        .containsExactly(
            "apps.yaml:18:22 spec.restore.fromApp: names no redis app declared in namespace"
                + " default, got nowhere");
    AppRef orphanRef = new AppRef(AppKind.REDIS, "default", "orphan");
    assertThat(result.invalidRefs()).contains(orphanRef);

    SpecSet set =
        SpecSet.of(
            Map.of(
                "a.yaml", PARSER.parse(List.of(SpecFile.of("a.yaml", SOURCE))),
                "b.yaml", PARSER.parse(List.of(SpecFile.of("b.yaml", orphan)))));
    assertThat(set.validSpecs()).extracting(AppSpec::ref).doesNotContain(orphanRef).hasSize(1);
    assertThat(set.invalid().get(orphanRef)).singleElement().asString().contains("nowhere");
  }

  @Test
  void cronExpressionsMatchTheMinutesCronWouldRun() {
    CronSchedule sixHourly = CronSchedule.parse("0 */6 * * *").schedule().orElseThrow();
    assertThat(sixHourly.next(Instant.parse("2026-11-30T06:00:00Z")))
        .contains(Instant.parse("2026-11-30T12:00:00Z"));
    CronSchedule mondays = CronSchedule.parse("30 2 * * MON").schedule().orElseThrow();
    assertThat(mondays.next(Instant.parse("2026-11-30T03:00:00Z")))
        .contains(Instant.parse("2026-12-07T02:30:00Z"));
    assertThat(CronSchedule.parse("* * * *").problem()).contains("five fields");
    assertThat(CronSchedule.parse("61 * * * *").problem()).contains("minute field");
    assertThat(CronSchedule.parse("0 0 30 FEB *").schedule().orElseThrow().next(Instant.EPOCH))
        .isEmpty();
  }
}
