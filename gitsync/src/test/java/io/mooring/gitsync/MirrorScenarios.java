package io.mooring.gitsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user of the mirror sees, against a real remote repository. Subclasses serve the remote
 * over one transport (file://, HTTP); every scenario runs on each.
 */
abstract class MirrorScenarios {

  @TempDir Path tmp;
  RemoteRepo remote;
  SimpleMeterRegistry registry;
  private String uri;
  private final List<GitMirror> mirrors = new ArrayList<>();

  /** Starts serving the remote and returns the URI to fetch it from. */
  abstract String serve(RemoteRepo remote) throws Exception;

  /** Makes the remote unreachable. */
  abstract void takeRemoteDown() throws Exception;

  @BeforeEach
  void createRemote() throws Exception {
    remote = RemoteRepo.create(tmp.resolve("remote.git"), "main");
    remote
        .change()
        .put("specs/redis/cache.yaml", "kind: Redis\nname: cache\n")
        .put("specs/nats/bus.yml", "kind: NATS\nname: bus\n")
        .put("specs/README.md", "not a spec")
        .put("elsewhere/ignored.yaml", "kind: Redis\nname: outside\n")
        .commit("Initial specs");
    registry = new SimpleMeterRegistry();
    uri = serve(remote);
  }

  @AfterEach
  void closeAll() {
    mirrors.forEach(GitMirror::close);
    remote.close();
  }

  GitMirror openMirror() throws IOException {
    GitSource source = new GitSource(uri, "main", "specs", GitAuth.none());
    GitMirror mirror =
        GitMirror.open(source, tmp.resolve("work"), MirrorOptions.defaults(), registry);
    mirrors.add(mirror);
    return mirror;
  }

  static Map<String, String> contents(SnapshotFiles files) {
    Map<String, String> byPath = new TreeMap<>();
    files.files().forEach(f -> byPath.put(f.path(), f.text()));
    return byPath;
  }

  @Test
  void firstFetchClonesTheBranchIntoABareMirrorAndReadsEverySpecUnderThePath() throws Exception {
    GitMirror mirror = openMirror();
    assertThat(mirror.current()).isEmpty();

    FetchResult result = mirror.fetch();

    assertThat(result.previous()).isNull();
    assertThat(result.moved()).isTrue();
    assertThat(result.forced()).isFalse();
    assertThat(result.changes())
        .isEqualTo(
            new ChangedPaths.Everything(null, remote.tip(), ChangedPaths.Reason.UNKNOWN_BASE));
    assertThat(result.current().commit()).isEqualTo(remote.tip());
    assertThat(result.current().message()).isEqualTo("Initial specs");
    // Who made the commit: an allowance in its message is audited under this name.
    assertThat(result.current().author()).isEqualTo("Config Author <author@example.org>");
    assertThat(mirror.current()).contains(result.current());
    assertThat(contents(mirror.specFiles(result.current())))
        .isEqualTo(
            Map.of(
                "specs/nats/bus.yml", "kind: NATS\nname: bus\n",
                "specs/redis/cache.yaml", "kind: Redis\nname: cache\n"));
    Path work = tmp.resolve("work");
    assertThat(work.resolve("mirror.git/HEAD")).exists();
    try (Stream<Path> files = Files.walk(work)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no checkout is written")
          .doesNotContain("cache.yaml", "bus.yml");
    }
  }

  @Test
  void onlyTheTrackedBranchIsTransferred() throws Exception {
    String featureTip;
    try (RemoteRepo feature = remote.onBranch("feature")) {
      featureTip =
          feature.orphan().put("specs/feature-only.yaml", "kind: Redis\n").commit("Feature work");
    }

    openMirror().fetch();

    try (Repository local =
        new FileRepositoryBuilder().setGitDir(tmp.resolve("work/mirror.git").toFile()).build()) {
      assertThat(local.getRefDatabase().getRefs())
          .extracting(Ref::getName)
          .containsExactly("refs/heads/main");
      assertThat(local.getObjectDatabase().has(ObjectId.fromString(featureTip))).isFalse();
    }
  }

  @Test
  void aOneFileCommitReportsExactlyThatFileAndOnlyItIsRead() throws Exception {
    GitMirror mirror = openMirror();
    String before = mirror.fetch().current().commit();
    String after =
        remote
            .change()
            .put("specs/redis/cache.yaml", "kind: Redis\nname: cache\nreplicas: 3\n")
            .commit("Scale cache");

    FetchResult result = mirror.fetch();

    assertThat(result.moved()).isTrue();
    assertThat(result.forced()).isFalse();
    assertThat(result.previous().commit()).isEqualTo(before);
    assertThat(result.changes())
        .isEqualTo(
            new ChangedPaths.Files(
                before, after, List.of(PathChange.modified("specs/redis/cache.yaml"))));
    ChangedPaths.Files files = (ChangedPaths.Files) result.changes();
    assertThat(contents(mirror.specFiles(result.current(), files.pathsToRead())))
        .isEqualTo(Map.of("specs/redis/cache.yaml", "kind: Redis\nname: cache\nreplicas: 3\n"));
  }

  @Test
  void commitsOutsideThePathOrToOtherFilesChangeNoSpec() throws Exception {
    GitMirror mirror = openMirror();
    mirror.fetch();
    remote
        .change()
        .put("elsewhere/ignored.yaml", "changed")
        .put("specs/README.md", "edited")
        .commit("Docs");

    FetchResult result = mirror.fetch();

    assertThat(result.moved()).isTrue();
    assertThat(((ChangedPaths.Files) result.changes()).changes()).isEmpty();
    FetchResult again = mirror.fetch();
    assertThat(again.moved()).isFalse();
    assertThat(((ChangedPaths.Files) again.changes()).changes()).isEmpty();
  }

  @Test
  void deletionsAndRenamesAreReportedWithBothPathsOfARename() throws Exception {
    GitMirror mirror = openMirror();
    mirror.fetch();
    remote
        .change()
        .delete("specs/nats/bus.yml")
        .rename("specs/redis/cache.yaml", "specs/redis/sessions.yaml")
        .commit("Drop bus, rename cache");

    FetchResult result = mirror.fetch();

    ChangedPaths.Files files = (ChangedPaths.Files) result.changes();
    assertThat(files.changes())
        .containsExactlyInAnyOrder(
            PathChange.deleted("specs/nats/bus.yml"),
            PathChange.renamed("specs/redis/cache.yaml", "specs/redis/sessions.yaml"));
    assertThat(files.pathsGone())
        .containsExactlyInAnyOrder("specs/nats/bus.yml", "specs/redis/cache.yaml");
    assertThat(contents(mirror.specFiles(result.current())))
        .isEqualTo(Map.of("specs/redis/sessions.yaml", "kind: Redis\nname: cache\n"));
  }

  @Test
  void aForcePushToAnUnrelatedHistoryIsFollowedAndMeansEverything() throws Exception {
    GitMirror mirror = openMirror();
    String before = mirror.fetch().current().commit();
    String rewritten =
        remote.orphan().put("specs/only.yaml", "kind: Redis\nname: only\n").commit("Rewrite");

    FetchResult result = mirror.fetch();

    assertThat(result.forced()).isTrue();
    assertThat(result.moved()).isTrue();
    assertThat(result.changes())
        .isEqualTo(
            new ChangedPaths.Everything(before, rewritten, ChangedPaths.Reason.NOT_ANCESTOR));
    assertThat(mirror.current().orElseThrow().commit()).isEqualTo(rewritten);
    assertThat(contents(mirror.specFiles(result.current()))).containsOnlyKeys("specs/only.yaml");
  }

  @Test
  void aBranchDeletedOnTheRemoteKeepsTheLastGoodSnapshotAndCountsFailures() throws Exception {
    GitMirror mirror = openMirror();
    Snapshot good = mirror.fetch().current();
    remote.deleteBranch();

    assertThatThrownBy(mirror::fetch)
        .isInstanceOf(GitFetchException.class)
        .hasMessageContaining("main");
    assertThatThrownBy(mirror::fetch).isInstanceOf(GitFetchException.class);

    MirrorStatus status = mirror.status();
    assertThat(mirror.current()).contains(good);
    assertThat(status.current()).isEqualTo(good);
    assertThat(status.consecutiveFailures()).isEqualTo(2);
    assertThat(status.lastError()).contains("main");
    assertThat(status.lastErrorTime()).isNotNull();
    assertThat(status.healthy()).isFalse();
    assertThat(registry.get("mooring.git.consecutive.failures").gauge().value()).isEqualTo(2.0);
    assertThat(contents(mirror.specFiles(good))).containsKey("specs/redis/cache.yaml");

    String back =
        remote.orphan().put("specs/new.yaml", "kind: Redis\nname: new\n").commit("Branch is back");
    FetchResult recovered = mirror.fetch();
    assertThat(recovered.current().commit()).isEqualTo(back);
    assertThat(recovered.forced()).isTrue();
    assertThat(mirror.status().consecutiveFailures()).isZero();
    assertThat(mirror.status().lastError()).isNull();
    assertThat(registry.get("mooring.git.consecutive.failures").gauge().value()).isZero();
  }

  @Test
  void anUnreachableRemoteKeepsTheLastGoodSnapshotAndReportsTheError() throws Exception {
    GitMirror mirror = openMirror();
    Snapshot good = mirror.fetch().current();
    takeRemoteDown();

    assertThatThrownBy(mirror::fetch).isInstanceOf(GitFetchException.class);

    MirrorStatus status = mirror.status();
    assertThat(status.current()).isEqualTo(good);
    assertThat(status.consecutiveFailures()).isEqualTo(1);
    assertThat(status.lastError()).isNotBlank();
    assertThat(status.lastSuccess()).isBefore(status.lastErrorTime().plusNanos(1));
    assertThat(registry.get("mooring.git.fetch.duration").tag("result", "failure").timer().count())
        .isEqualTo(1);
    assertThat(contents(mirror.specFiles(good))).hasSize(2);
  }

  @Test
  void aRestartReusesTheMirrorAndFetchesNothingWhenTheRemoteDidNotMove() throws Exception {
    GitMirror first = openMirror();
    Snapshot fetched = first.fetch().current();
    first.close();
    mirrors.remove(first);
    Map<Path, Long> objectsBefore = objectFiles();

    GitMirror reopened = openMirror();

    assertThat(reopened.current())
        .as("the kept commit is current before any network access")
        .contains(fetched);
    int packsBefore = packsSent();
    FetchResult result = reopened.fetch();
    assertThat(result.moved()).isFalse();
    assertThat(((ChangedPaths.Files) result.changes()).changes()).isEmpty();
    assertThat(objectFiles())
        .as("no object was written: nothing was cloned again")
        .isEqualTo(objectsBefore);
    assertThat(packsSent()).as("no pack was transferred").isEqualTo(packsBefore);
  }

  @Test
  void afterARestartTheFirstFetchReportsOnlyWhatChangedSinceTheKeptCommit() throws Exception {
    GitMirror first = openMirror();
    first.fetch();
    first.close();
    mirrors.remove(first);
    remote
        .change()
        .put("specs/nats/bus.yml", "kind: NATS\nname: bus\nreplicas: 5\n")
        .commit("Grow bus");

    FetchResult result = openMirror().fetch();

    assertThat(((ChangedPaths.Files) result.changes()).changes())
        .containsExactly(PathChange.modified("specs/nats/bus.yml"));
  }

  /** Packs the server sent, or 0 where the transport has no server to count them. */
  int packsSent() {
    return 0;
  }

  Map<Path, Long> objectFiles() throws IOException {
    Path objects = tmp.resolve("work/mirror.git/objects");
    Map<Path, Long> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(objects)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(objects.relativize(file), Files.getLastModifiedTime(file).toMillis());
      }
    }
    return files;
  }
}
