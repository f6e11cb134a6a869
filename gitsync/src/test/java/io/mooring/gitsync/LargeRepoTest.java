package io.mooring.gitsync;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 10,000-spec repository over file:// and over HTTP: the whole snapshot is read, and a push that
 * changes one file reads that file alone. How fast both are is the benchmark's scenario 8.
 */
class LargeRepoTest {
  private static final int SPEC_FILES = 10_000;
  private static final int PUSHES = 3;

  @TempDir Path tmp;

  @Test
  void tenThousandSpecsAreReadAndAOneFilePushReadsOnlyThatFile() throws Exception {
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

      readAndPush(remote, remote.fileUri(), tmp.resolve("work-file"), "file");
      readAndPush(remote, server.uri("big.git"), tmp.resolve("work-http"), "http");
    }
  }

  private static void readAndPush(RemoteRepo remote, String uri, Path work, String transport)
      throws Exception {
    GitSource source = new GitSource(uri, "main", "specs", GitAuth.none());
    try (GitMirror mirror =
        GitMirror.open(source, work, MirrorOptions.defaults(), new SimpleMeterRegistry())) {
      Snapshot snapshot = mirror.fetch().current();
      assertThat(mirror.specFiles(snapshot).files()).hasSize(SPEC_FILES);

      for (int push = 0; push < PUSHES; push++) {
        String path = String.format("specs/team-07/app-%05d.yaml", 7 + 50 * push);
        String content = "kind: Redis\nname: changed-" + push + "-over-" + transport + "\n";
        remote.change().put(path, content).commit("bump " + path);

        FetchResult result = mirror.fetch();
        ChangedPaths.Files changes = (ChangedPaths.Files) result.changes();

        assertThat(changes.pathsToRead()).as(transport).isEqualTo(Set.of(path));
        assertThat(mirror.specFiles(result.current(), changes.pathsToRead()).files())
            .as(transport)
            .singleElement()
            .extracting(CommitFile::text)
            .isEqualTo(content);
      }
    }
  }
}
