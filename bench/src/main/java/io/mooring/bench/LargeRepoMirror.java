package io.mooring.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mooring.gitsync.ChangedPaths;
import io.mooring.gitsync.CommitFile;
import io.mooring.gitsync.FetchResult;
import io.mooring.gitsync.GitAuth;
import io.mooring.gitsync.GitHttpServer;
import io.mooring.gitsync.GitMirror;
import io.mooring.gitsync.GitSource;
import io.mooring.gitsync.MirrorOptions;
import io.mooring.gitsync.RemoteRepo;
import io.mooring.gitsync.Snapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Scenario 8: the git mirror alone on a 10,000-spec repository, over file:// and over HTTP. The
 * whole snapshot read (what a full resync reads; target 2 s) and a 1-file push fetched, diffed and
 * read (target 200 ms), best of several runs. Every push must read exactly the file it changed.
 */
public final class LargeRepoMirror {
  private static final String NAME = "8 git mirror";
  static final int SPEC_FILES = 10_000;
  private static final long READ_TARGET_MS = 2000;
  private static final long FETCH_TARGET_MS = 200;

  private LargeRepoMirror() {}

  public static void run(Path work, int runs, ResultTable table) throws Exception {
    try (RemoteRepo remote = RemoteRepo.create(work.resolve("large.git"), "main");
        GitHttpServer server = GitHttpServer.start()) {
      RemoteRepo.Change initial = remote.change();
      for (int i = 0; i < SPEC_FILES; i++) {
        initial.put(
            String.format("specs/team-%02d/app-%05d.yaml", i % 50, i),
            "kind: Redis\nname: app-" + i + "\nreplicas: 3\nmemory: 256Mi\n");
      }
      initial.commit("10,000 specs");
      remote.pack();
      server.serve("large.git", remote.repository());

      measure(remote, remote.fileUri(), work.resolve("mirror-file"), "file://", runs, table);
      measure(remote, server.uri("large.git"), work.resolve("mirror-http"), "http://", runs, table);
    }
  }

  private static void measure(
      RemoteRepo remote, String uri, Path work, String transport, int runs, ResultTable table)
      throws Exception {
    GitSource source = new GitSource(uri, "main", "specs", GitAuth.none());
    try (GitMirror mirror =
        GitMirror.open(source, work, MirrorOptions.defaults(), new SimpleMeterRegistry())) {
      long cloneStart = System.nanoTime();
      Snapshot snapshot = mirror.fetch().current();
      double cloneMs = millis(cloneStart);

      List<Double> reads = new ArrayList<>();
      for (int run = 0; run < runs; run++) {
        long start = System.nanoTime();
        int read = mirror.specFiles(snapshot).files().size();
        reads.add(millis(start));
        if (read != SPEC_FILES) {
          throw new IllegalStateException("read " + read + " of " + SPEC_FILES + " spec files");
        }
      }
      List<Double> fetches = new ArrayList<>();
      int pushesOff = 0;
      for (int run = 0; run < runs; run++) {
        String path = String.format("specs/team-07/app-%05d.yaml", 7 + 50 * run);
        String content = "kind: Redis\nname: changed-" + run + "-over-" + transport + "\n";
        remote.change().put(path, content).commit("bump " + path);
        long start = System.nanoTime();
        FetchResult result = mirror.fetch();
        ChangedPaths.Files changes = (ChangedPaths.Files) result.changes();
        List<CommitFile> read = mirror.specFiles(result.current(), changes.pathsToRead()).files();
        fetches.add(millis(start));
        if (!changes.pathsToRead().equals(Set.of(path))
            || read.size() != 1
            || !read.get(0).text().equals(content)) {
          pushesOff++;
        }
      }
      double bestRead = reads.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
      double bestFetch = fetches.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
      table.add(
          Row.info(NAME, SPEC_FILES, "%s initial clone %.0f ms".formatted(transport, cloneMs)));
      table.add(
          Row.goal(
              NAME,
              SPEC_FILES,
              "%s snapshot read best %.0f ms of %d runs".formatted(transport, bestRead, runs),
              "<= %d ms".formatted(READ_TARGET_MS),
              bestRead <= READ_TARGET_MS));
      table.add(
          Row.goal(
              NAME,
              SPEC_FILES,
              "%s 1-file push fetched, diffed and read: best %.0f ms of %d"
                  .formatted(transport, bestFetch, runs),
              "<= %d ms".formatted(FETCH_TARGET_MS),
              bestFetch <= FETCH_TARGET_MS));
      table.add(
          Row.exact(
              NAME,
              SPEC_FILES,
              "%s files read per push: the changed one (%d pushes off)"
                  .formatted(transport, pushesOff),
              "1, every push",
              pushesOff == 0));
    }
  }

  private static double millis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }
}
