package io.mooring.gitsync;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures the issue asks for on a 10,000-spec repository: the whole snapshot read (target 2 s)
 * and a 1-file push fetched, diffed and read (target 200 ms). Every run is printed for the
 * benchmark record. The assertion takes the best run against twice the target: the build machine is
 * shared, and a neighbour's load must not fail the build, while a real regression (a checkout, a
 * full re-read per push) still would.
 */
class LargeRepoPerformanceTest {

  private static final int SPEC_FILES = 10_000;
  private static final int RUNS = 5;
  private static final long READ_TARGET_MS = 2000;
  private static final long FETCH_TARGET_MS = 200;

  @TempDir Path tmp;

  @Test
  void tenThousandSpecsAreReadQuicklyAndAOneFilePushIsCheap() throws Exception {
    try (RemoteRepo remote = RemoteRepo.create(tmp.resolve("remote.git"), "main");
        GitHttpServer server = GitHttpServer.start()) {
      RemoteRepo.Change initial = remote.change();
      for (int i = 0; i < SPEC_FILES; i++) {
        initial.put(
            String.format("specs/team-%02d/app-%05d.yaml", i % 50, i),
            "kind: Redis\nname: app-" + i + "\nreplicas: 3\nmemory: 256Mi\n");
      }
      initial.commit("10,000 specs");
      remote.pack();
      server.serve("big.git", remote.repository());

      measure(remote, remote.fileUri(), tmp.resolve("work-file"), "file://", true);
      measure(remote, server.uri("big.git"), tmp.resolve("work-http"), "http://", false);
    }
  }

  private void measure(
      RemoteRepo remote, String uri, Path work, String transport, boolean assertBounds)
      throws Exception {
    GitSource source = new GitSource(uri, "main", "specs", GitAuth.none());
    try (GitMirror mirror =
        GitMirror.open(source, work, MirrorOptions.defaults(), new SimpleMeterRegistry())) {
      long cloneStart = System.nanoTime();
      Snapshot snapshot = mirror.fetch().current();
      System.out.printf(
          "[gitsync %s] initial clone of %d specs: %d ms%n",
          transport, SPEC_FILES, millis(cloneStart));

      List<Long> reads = new ArrayList<>();
      for (int run = 0; run < RUNS; run++) {
        long start = System.nanoTime();
        assertThat(mirror.specFiles(snapshot).files()).hasSize(SPEC_FILES);
        reads.add(millis(start));
      }
      List<Long> fetches = new ArrayList<>();
      for (int run = 0; run < RUNS; run++) {
        String path = String.format("specs/team-07/app-%05d.yaml", 7 + 50 * run);
        String content = "kind: Redis\nname: changed-" + run + "-over-" + transport + "\n";
        remote.change().put(path, content).commit("bump " + path);
        long start = System.nanoTime();
        FetchResult result = mirror.fetch();
        ChangedPaths.Files changes = (ChangedPaths.Files) result.changes();
        List<SpecFile> read = mirror.specFiles(result.current(), changes.pathsToRead()).files();
        fetches.add(millis(start));
        assertThat(changes.pathsToRead()).isEqualTo(Set.of(path));
        assertThat(read).singleElement().extracting(SpecFile::text).isEqualTo(content);
      }
      long bestRead = reads.stream().mapToLong(Long::longValue).min().orElseThrow();
      long bestFetch = fetches.stream().mapToLong(Long::longValue).min().orElseThrow();
      System.out.printf(
          "[gitsync %s] snapshot read of %d specs: %s ms (best %d ms, target %d ms)%n",
          transport, SPEC_FILES, reads, bestRead, READ_TARGET_MS);
      System.out.printf(
          "[gitsync %s] 1-file fetch + ChangedPaths + read: %s ms (best %d ms, target %d ms)%n",
          transport, fetches, bestFetch, FETCH_TARGET_MS);
      if (assertBounds) {
        assertThat(bestRead).isLessThanOrEqualTo(2 * READ_TARGET_MS);
        assertThat(bestFetch).isLessThanOrEqualTo(2 * FETCH_TARGET_MS);
      }
    }
  }

  private static long millis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
