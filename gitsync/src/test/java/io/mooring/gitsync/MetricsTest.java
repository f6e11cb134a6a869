package io.mooring.gitsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics as Prometheus scrapes them: names, the result label, and no commit sha anywhere. */
class MetricsTest {

  @TempDir Path tmp;

  @Test
  void fetchesAreTimedByResultAndTheLastSuccessAndFailureStreakAreExposed() throws Exception {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Instant now = Instant.parse("2026-05-01T10:00:00Z");
    MirrorOptions options =
        new MirrorOptions(Duration.ofSeconds(30), 1 << 20, Clock.fixed(now, ZoneOffset.UTC));
    try (RemoteRepo remote = RemoteRepo.create(tmp.resolve("remote.git"), "main")) {
      String commit = remote.change().put("specs/a.yaml", "kind: Redis\n").commit("init");
      GitSource source = new GitSource(remote.fileUri(), "main", "specs", GitAuth.none());
      try (GitMirror mirror = GitMirror.open(source, tmp.resolve("work"), options, prometheus)) {
        mirror.fetch();
        remote.deleteBranch();
        assertThatThrownBy(mirror::fetch).isInstanceOf(GitFetchException.class);
        assertThatThrownBy(mirror::fetch).isInstanceOf(GitFetchException.class);

        String scrape = prometheus.scrape();

        assertThat(scrape)
            .contains("mooring_git_fetch_duration_seconds_count{result=\"success\"} 1")
            .contains("mooring_git_fetch_duration_seconds_count{result=\"failure\"} 2")
            .contains("mooring_git_fetch_duration_seconds_sum{result=\"success\"}")
            .contains("mooring_git_last_success_timestamp_seconds " + (double) now.getEpochSecond())
            .contains("mooring_git_consecutive_failures 2.0")
            .doesNotContain(commit)
            .doesNotContain(commit.substring(0, 12));
      }
      assertThat(prometheus.scrape())
          .as("closing the mirror removes its meters")
          .doesNotContain("mooring_git");
    }
  }
}
