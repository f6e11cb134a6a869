package io.mooring.gitsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged or foreign mirror on disk is replaced by a fresh clone instead of blocking the daemon.
 */
class CorruptMirrorTest {

  @TempDir Path tmp;
  private RemoteRepo remote;
  private GitSource source;
  private GitMirror mirror;

  @BeforeEach
  void createRemote() throws Exception {
    remote = RemoteRepo.create(tmp.resolve("remote.git"), "main");
    remote
        .change()
        .put("specs/a.yaml", "kind: Redis\nname: a\n")
        .put("specs/b.yaml", "kind: NATS\n")
        .commit("init");
    source = new GitSource(remote.fileUri(), "main", "specs", GitAuth.none());
  }

  @AfterEach
  void close() {
    if (mirror != null) {
      mirror.close();
    }
    remote.close();
  }

  private GitMirror open(GitSource source) throws Exception {
    if (mirror != null) {
      mirror.close();
    }
    mirror =
        GitMirror.open(
            source, tmp.resolve("work"), MirrorOptions.defaults(), new SimpleMeterRegistry());
    return mirror;
  }

  private void damageObjects() throws Exception {
    try (Stream<Path> files = Files.walk(tmp.resolve("work/mirror.git/objects"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        file.toFile().setWritable(true);
        Files.write(file, new byte[] {1, 2, 3});
      }
    }
  }

  @Test
  void aMirrorDamagedWhileStoppedIsClonedAgainOnOpen() throws Exception {
    open(source).fetch();
    mirror.close();
    mirror = null;
    damageObjects();

    GitMirror reopened = open(source);
    assertThat(reopened.current()).as("nothing trustworthy was kept").isEmpty();
    FetchResult result = reopened.fetch();

    assertThat(result.current().commit()).isEqualTo(remote.tip());
    assertThat(reopened.specFiles(result.current()).files()).hasSize(2);
  }

  /**
   * Depending on what JGit still holds in memory, the damage surfaces in the fetch or only in the
   * read after it; either way the retry on the daemon's next trigger must find a whole mirror.
   */
  @Test
  void aMirrorDamagedUnderARunningProcessIsClonedAgainByTheNextFetch() throws Exception {
    GitMirror running = open(source);
    running.fetch();
    damageObjects();
    String next = remote.change().put("specs/c.yaml", "kind: Redis\n").commit("more");

    SnapshotFiles files = fetchAndReadWithOneRetry(running);

    assertThat(files.snapshot().commit()).isEqualTo(next);
    assertThat(files.files())
        .extracting(CommitFile::path)
        .containsExactly("specs/a.yaml", "specs/b.yaml", "specs/c.yaml");
    GitMirror restarted = open(source);
    assertThat(restarted.current())
        .as("the mirror on disk is whole again")
        .map(Snapshot::commit)
        .contains(next);
  }

  @Test
  void aDamagedMirrorIsKeptUntilACloneSucceeds() throws Exception {
    GitMirror running = open(source);
    Snapshot good = running.fetch().current();
    damageObjects();
    Path away = Files.move(remote.dir(), tmp.resolve("away.git"));

    assertThatThrownBy(running::fetch).isInstanceOf(GitFetchException.class);
    assertThat(running.status().current()).isEqualTo(good);
    assertThat(tmp.resolve("work/mirror.git/HEAD")).exists();
    assertThat(tmp.resolve("work/mirror.git.new")).doesNotExist();

    Files.move(away, remote.dir());
    String next = remote.change().put("specs/c.yaml", "kind: Redis\n").commit("more");
    SnapshotFiles files = fetchAndReadWithOneRetry(running);

    assertThat(files.snapshot().commit()).isEqualTo(next);
    assertThat(files.files()).hasSize(3);
    assertThat(tmp.resolve("work/mirror.git.new")).doesNotExist();
  }

  /** What the daemon does: fetch and read; on failure its next trigger tries again. */
  private static SnapshotFiles fetchAndReadWithOneRetry(GitMirror mirror) throws Exception {
    try {
      return mirror.specFiles(mirror.fetch().current());
    } catch (GitFetchException | IOException damageNoticed) {
      return mirror.specFiles(mirror.fetch().current());
    }
  }

  @Test
  void aMirrorMadeForAnotherRemoteIsReplaced() throws Exception {
    open(source).fetch();
    try (RemoteRepo other = RemoteRepo.create(tmp.resolve("other.git"), "main")) {
      String otherTip = other.change().put("specs/z.yaml", "kind: NATS\n").commit("other");

      GitMirror switched = open(new GitSource(other.fileUri(), "main", "specs", GitAuth.none()));
      assertThat(switched.current()).isEmpty();
      FetchResult result = switched.fetch();

      assertThat(result.current().commit()).isEqualTo(otherTip);
      assertThat(switched.specFiles(result.current()).files())
          .extracting(CommitFile::path)
          .isEqualTo(List.of("specs/z.yaml"));
    }
  }
}
