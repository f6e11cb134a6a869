package io.mooring.forge;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.status.AppStatusView;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommitStatusSummaryTest {

  private static AppStatusView app(String name, String status) {
    return new AppStatusView("redis", "prod", name, status, "abc", null, "", List.of(), List.of());
  }

  @Test
  void everyAppSyncedIsSuccess() {
    var summary =
        CommitStatusSummary.of(List.of(app("a", "synced"), app("b", "synced")), List.of());
    assertThat(summary.state()).isEqualTo(CommitState.SUCCESS);
    assertThat(summary.description()).isEqualTo("2 apps synced");
  }

  @Test
  void failedBlockedAndInvalidAppsAndUnusableFilesAreNamed() {
    var summary =
        CommitStatusSummary.of(
            List.of(
                app("a", "synced"), app("b", "failed"), app("c", "blocked"), app("d", "invalid")),
            List.of("apps/broken.yaml"));
    assertThat(summary.state()).isEqualTo(CommitState.FAILURE);
    assertThat(summary.description())
        .isEqualTo(
            "failed: prod/b; blocked: prod/c; invalid: prod/d; unusable file: apps/broken.yaml");
  }

  @Test
  void manyFailuresFitTheLimitWithACountOfTheRest() {
    List<AppStatusView> apps = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      apps.add(app("cache-" + i, "failed"));
    }
    var summary = CommitStatusSummary.of(apps, List.of());
    assertThat(summary.description()).startsWith("failed: prod/cache-0, prod/cache-1");
    assertThat(summary.description()).matches(".* \\+\\d+$");
    assertThat(summary.description().length()).isLessThanOrEqualTo(CommitStatus.MAX_DESCRIPTION);
  }
}
