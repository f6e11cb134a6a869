package io.mooring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.core.backup.BackupAgent;
import io.mooring.core.backup.BackupCatalogue;
import io.mooring.core.backup.BackupException;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command's arguments, output and exit codes; the sidecar script it runs is proven against real
 * Redis servers in core's BackupCatalogueIT.
 */
class BackupsCommandTest {
  private final List<AppRef> asked = new CopyOnWriteArrayList<>();
  private volatile boolean failing;

  private final BackupAgent agent =
      new BackupAgent() {
        @Override
        public BackupCatalogue list(AppRef app) {
          asked.add(app);
          if (failing) {
            throw new BackupException(app + " has no running pod with a backup sidecar");
          }
          return BackupCatalogue.parse(
              "backup 20261130T120000Z 2026-11-30T12:00:01Z 2048 "
                  + "c".repeat(64)
                  + " snapshot 1\n"
                  + "backup 20261130T121500Z 2026-11-30T12:15:00Z 512 "
                  + "d".repeat(64)
                  + " aof 0\nfailures 2\n");
        }

        @Override
        public String take(AppRef app) {
          asked.add(app);
          if (failing) {
            throw new BackupException("the backup of " + app + " failed: BGSAVE refused");
          }
          return "20261130T130000Z";
        }
      };

  private record Run(int exitCode, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new BackupsCommand(cluster -> agent))
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void listPrintsEachBackupWithItsChecksumAndTheFailureCount() {
    Run run = run("list", "shop/orders");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(asked).containsExactly(new AppRef(AppKind.REDIS, "shop", "orders"));
    assertThat(run.out())
        .containsPattern("20261130T120000Z +snapshot +2026-11-30T12:00:01Z +2048 +1 ")
        .contains("c".repeat(64))
        .containsPattern("20261130T121500Z +aof ")
        .contains("1 backup(s), 2 failure(s)");
  }

  @Test
  void takeNamesTheNewBackup() {
    Run run = run("take", "redis/shop/orders");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("backup 20261130T130000Z taken of");
  }

  @Test
  void aFailureIsExplainedAndExitsOne() {
    failing = true;

    Run take = run("take", "shop/orders");
    Run list = run("list", "shop/orders");

    assertThat(take.exitCode()).isEqualTo(1);
    assertThat(take.err()).contains("BGSAVE refused");
    assertThat(list.exitCode()).isEqualTo(1);
    assertThat(list.err()).contains("no running pod with a backup sidecar");
  }

  @Test
  void anAppThatIsNotNamespaceAndNameIsAUsageError() {
    Run run = run("list", "orders");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("APP must be [kind/]namespace/name");
    assertThat(asked).isEmpty();
  }
}
