package io.mooring.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackupCatalogueTest {
  private static final String SUM = "a".repeat(64);

  @Test
  void readsEachBackupAndTheFailureCountTheScriptPrints() {
    BackupCatalogue catalogue =
        BackupCatalogue.parse(
            "backup 20261130T060000Z 2026-11-30T06:00:02Z 1048576 "
                + SUM
                + " snapshot 2\n"
                + "backup 20261130T120000Z 2026-11-30T12:00:01Z 2097152 "
                + SUM
                + " snapshot 1\n"
                + "backup 20261130T121500Z 2026-11-30T12:15:00Z 4096 "
                + SUM
                + " aof 0\n"
                + "failures 3\n");

    assertThat(catalogue.entries()).hasSize(3);
    assertThat(catalogue.snapshots())
        .extracting(BackupEntry::name)
        .containsExactly("20261130T060000Z", "20261130T120000Z");
    assertThat(catalogue.latestSnapshot())
        .get()
        .isEqualTo(
            new BackupEntry(
                "20261130T120000Z",
                Instant.parse("2026-11-30T12:00:01Z"),
                2_097_152,
                SUM,
                BackupEntry.SNAPSHOT,
                1));
    assertThat(catalogue.failures()).isEqualTo(3);
  }

  @Test
  void anEmptyVolumeHasNoLatestBackup() {
    BackupCatalogue catalogue = BackupCatalogue.parse("failures 0\n");

    assertThat(catalogue.entries()).isEmpty();
    assertThat(catalogue.latestSnapshot()).isEmpty();
  }

  @Test
  void aLineTheScriptDoesNotPrintIsRefusedWithItsNumber() {
    assertThatThrownBy(
            () -> BackupCatalogue.parse("failures 0\nbackup 20261130T060000Z yesterday 1 x y 0\n"))
        .isInstanceOf(BackupException.class)
        .hasMessageContaining("line 2");
  }
}
