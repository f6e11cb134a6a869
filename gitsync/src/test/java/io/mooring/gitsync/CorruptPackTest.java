package io.mooring.gitsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes flipped inside a pack of the mirror (its length kept): the pack index still lists every
 * object, but a spec file no longer inflates. The failed read is a git failure the user sees, and
 * the mirror is cloned afresh instead of failing every poll.
 */
class CorruptPackTest {
  private static final String CACHE = "kind: Redis\nname: cache\nreplicas: 3\n";
  private static final String BUS = "kind: NATS\nname: bus\nreplicas: 3\n";

  @TempDir Path tmp;
  private RemoteRepo remote;
  private GitSource source;
  private SimpleMeterRegistry registry;
  private GitMirror mirror;

  @BeforeEach
  void createRemote() throws Exception {
    remote = RemoteRepo.create(tmp.resolve("remote.git"), "main");
    remote.change().put("specs/cache.yaml", CACHE).put("specs/bus.yaml", BUS).commit("init");
    source = new GitSource(remote.fileUri(), "main", "specs", GitAuth.none());
  }

  @AfterEach
  void close() {
    if (mirror != null) {
      mirror.close();
    }
    remote.close();
  }

  private GitMirror open() throws IOException {
    if (mirror != null) {
      mirror.close();
    }
    registry = new SimpleMeterRegistry();
    mirror = GitMirror.open(source, tmp.resolve("work"), MirrorOptions.defaults(), registry);
    return mirror;
  }

  private Path mirrorDir() {
    return tmp.resolve("work/mirror.git");
  }

  private double failuresGauge() {
    return registry.get("mooring.git.consecutive.failures").gauge().value();
  }

  private static Map<String, String> contents(SnapshotFiles files) {
    Map<String, String> byPath = new TreeMap<>();
    files.files().forEach(f -> byPath.put(f.path(), f.text()));
    return byPath;
  }

  @Test
  void aSpecThatNoLongerInflatesIsAGitFailureAndTheNextFetchClonesTheMirrorAfresh()
      throws Exception {
    GitMirror running = open();
    Snapshot good = running.fetch().current();
    assertThat(running.specFiles(good).files()).hasSize(2);
    PackDamage.flipBytesOf(mirrorDir(), PackDamage.blobId(BUS));
    PackDamage.dropCachedPacks();

    assertThatThrownBy(() -> running.specFiles(good)).isInstanceOf(IOException.class);

    MirrorStatus failed = running.status();
    assertThat(failed.lastError()).contains(good.shortCommit()).contains("cloned afresh");
    assertThat(failed.consecutiveFailures()).isEqualTo(1);
    assertThat(failed.current()).as("the last good snapshot is kept").isEqualTo(good);
    assertThat(failuresGauge()).isEqualTo(1.0);

    FetchResult repaired = running.fetch();

    assertThat(repaired.changes())
        .as("the caller's last read failed: it must read everything again")
        .isInstanceOf(ChangedPaths.Everything.class);
    assertThat(contents(running.specFiles(repaired.current())))
        .containsExactly(Map.entry("specs/bus.yaml", BUS), Map.entry("specs/cache.yaml", CACHE));
    assertThat(running.status().lastError()).isNull();
    assertThat(running.status().consecutiveFailures()).isZero();
    assertThat(failuresGauge()).isZero();
    assertThat(running.fetch().changes())
        .as("once read, incremental again")
        .isInstanceOf(ChangedPaths.Files.class);
  }

  @Test
  void theFailureStaysReportedWhileTheDamagedMirrorCannotBeReplaced() throws Exception {
    GitMirror running = open();
    Snapshot good = running.fetch().current();
    PackDamage.flipBytesOf(mirrorDir(), PackDamage.blobId(CACHE));
    PackDamage.dropCachedPacks();
    assertThatThrownBy(() -> running.specFiles(good)).isInstanceOf(IOException.class);
    remote.deleteBranch();

    assertThatThrownBy(running::fetch).isInstanceOf(GitFetchException.class);
    assertThat(running.status().consecutiveFailures()).isEqualTo(2);
    assertThat(failuresGauge()).isEqualTo(2.0);
    assertThatThrownBy(() -> running.specFiles(good)).isInstanceOf(IOException.class);
    assertThat(running.status().consecutiveFailures()).isEqualTo(3);

    String next =
        remote.change().put("specs/cache.yaml", CACHE).put("specs/bus.yaml", BUS).commit("back");
    FetchResult repaired = fetchUntilRecloned(running);

    assertThat(repaired.current().commit()).isEqualTo(next);
    assertThat(contents(running.specFiles(repaired.current()))).hasSize(2);
    assertThat(running.status().healthy()).isTrue();
  }

  /**
   * Re-clones back off on the failure count, so a few fetches (each followed by the read the daemon
   * does) may pass before the next one.
   */
  private static FetchResult fetchUntilRecloned(GitMirror mirror) throws Exception {
    for (int attempt = 0; attempt < 8; attempt++) {
      FetchResult result = mirror.fetch();
      try {
        mirror.specFiles(result.current());
        return result;
      } catch (IOException stillDamaged) {
        // counted; the next fetch may be the one that clones afresh
      }
    }
    throw new AssertionError("the mirror was never cloned afresh: " + mirror.status());
  }

  @Test
  void aPackDamagedWhileStoppedIsClonedAfreshWhenTheMirrorIsOpened() throws Exception {
    open().fetch();
    mirror.close();
    mirror = null;
    PackDamage.flipBytesOf(mirrorDir(), PackDamage.blobId(BUS));

    GitMirror restarted = open();
    assertThat(restarted.current()).as("nothing unreadable is trusted").isEmpty();
    FetchResult result = restarted.fetch();

    assertThat(contents(restarted.specFiles(result.current())))
        .containsExactly(Map.entry("specs/bus.yaml", BUS), Map.entry("specs/cache.yaml", CACHE));
  }
}
