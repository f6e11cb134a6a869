package io.mooring.gitsync;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.TreeFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile or odd tree entries: nothing outside the repository is ever read, odd but valid names
 * are.
 */
class SpecFileSafetyTest {

  @TempDir Path tmp;
  private RemoteRepo remote;
  private GitMirror mirror;

  @BeforeEach
  void createRemote() throws Exception {
    remote = RemoteRepo.create(tmp.resolve("remote.git"), "main");
  }

  @AfterEach
  void close() {
    if (mirror != null) {
      mirror.close();
    }
    remote.close();
  }

  private GitMirror open(String path) throws Exception {
    GitSource source = new GitSource(remote.fileUri(), "main", path, GitAuth.none());
    mirror =
        GitMirror.open(
            source,
            tmp.resolve("work"),
            MirrorOptions.defaults().withMaxFileBytes(1024),
            new SimpleMeterRegistry());
    return mirror;
  }

  @Test
  void symlinksSubmodulesAndOversizedFilesAreSkippedWithAReasonAndNeverFollowed() throws Exception {
    Path outside =
        Files.writeString(tmp.resolve("outside-secret.yaml"), "password: from-outside\n");
    String submoduleCommit = remote.change().put("specs/seed.yaml", "kind: Redis\n").commit("seed");
    remote
        .change()
        .symlink("specs/relative.yaml", "../../../../etc/passwd")
        .symlink("specs/absolute.yaml", outside.toString())
        .symlink("specs/dir-link.yaml", "..")
        .submodule("specs/module.yaml", submoduleCommit)
        .put("specs/huge.yaml", "x".repeat(1025))
        .put("specs/ok.yaml", "kind: Redis\nname: ok\n")
        .commit("hostile entries");

    GitMirror mirror = open("specs");
    Snapshot snapshot = mirror.fetch().current();
    SnapshotFiles files = mirror.specFiles(snapshot);

    assertThat(MirrorScenarios.contents(files))
        .isEqualTo(
            Map.of(
                "specs/ok.yaml", "kind: Redis\nname: ok\n",
                "specs/seed.yaml", "kind: Redis\n"));
    assertThat(files.skipped())
        .containsExactlyInAnyOrder(
            new SkippedFile("specs/relative.yaml", SkippedFile.Reason.SYMLINK),
            new SkippedFile("specs/absolute.yaml", SkippedFile.Reason.SYMLINK),
            new SkippedFile("specs/dir-link.yaml", SkippedFile.Reason.SYMLINK),
            new SkippedFile("specs/module.yaml", SkippedFile.Reason.SUBMODULE),
            new SkippedFile("specs/huge.yaml", SkippedFile.Reason.TOO_LARGE));
    assertThat(
            mirror
                .specFiles(snapshot, List.of("specs/relative.yaml", "specs/absolute.yaml"))
                .files())
        .isEmpty();
  }

  @Test
  void oddButValidNamesAreReadUnderTheirOwnPath() throws Exception {
    Map<String, String> odd =
        Map.of(
            "specs/with space.yaml", "a: 1\n",
            "specs/ünïcödé.yml", "b: 2\n",
            "specs/-leading-dash.yaml", "c: 3\n",
            "specs/..dots-first.yaml", "d: 4\n",
            "specs/a..b.yaml", "e: 5\n",
            "specs/.hidden.yaml", "f: 6\n",
            "specs/...yaml", "g: 7\n",
            "specs/UPPER.YAML", "h: 8\n");
    RemoteRepo.Change change = remote.change();
    odd.forEach(change::put);
    change.commit("odd names");

    GitMirror mirror = open("./specs/");

    assertThat(MirrorScenarios.contents(mirror.specFiles(mirror.fetch().current()))).isEqualTo(odd);
  }

  @Test
  void handMadeTreesWithDotDotOrBackslashNamesAreNeverHandedOut() throws Exception {
    remote.commitTree(craftedTree("kind: Redis\nname: fine\n"), "crafted");

    GitMirror mirror = open("");
    FetchResult first = mirror.fetch();
    SnapshotFiles files = mirror.specFiles(first.current());

    assertThat(files.files()).extracting(CommitFile::path).containsExactly("specs/fine.yaml");
    assertThat(files.skipped())
        .extracting(SkippedFile::reason)
        .containsOnly(SkippedFile.Reason.UNSAFE_PATH);
    assertThat(files.skipped())
        .extracting(SkippedFile::path)
        .containsExactlyInAnyOrder(
            "../escape.yaml", "specs/../escape.yaml", "specs/back\\..\\slash.yaml");

    remote.commitTree(craftedTree("kind: Redis\nname: changed\n"), "touch fine.yaml");
    FetchResult second = mirror.fetch();
    assertThat(((ChangedPaths.Files) second.changes()).changes())
        .containsExactly(PathChange.modified("specs/fine.yaml"));
    assertThat(
            mirror
                .specFiles(second.current(), List.of("../escape.yaml", "specs/../escape.yaml"))
                .files())
        .isEmpty();
  }

  @Test
  void aFileNamedWithControlCharactersIsAChangeAndIsReportedSkippedUnderItsOwnName()
      throws Exception {
    remote.change().put("specs/fine.yaml", "kind: Redis\n").commit("seed");
    GitMirror mirror = open("specs");
    mirror.fetch();
    String evil = "specs/evil\n\u001b[31m.yaml";
    remote.change().put(evil, "kind: Redis\n").commit("a name with control characters");

    FetchResult added = mirror.fetch();
    ChangedPaths.Files changes = (ChangedPaths.Files) added.changes();
    assertThat(changes.pathsToRead()).containsExactly(evil);
    SnapshotFiles read = mirror.specFiles(added.current(), changes.pathsToRead());
    assertThat(read.files()).isEmpty();
    assertThat(read.skipped())
        .containsExactly(new SkippedFile(evil, SkippedFile.Reason.UNSAFE_PATH));
    assertThat(mirror.specFiles(added.current()).skipped()).isEqualTo(read.skipped());

    remote.change().delete(evil).commit("gone again");
    assertThat(((ChangedPaths.Files) mirror.fetch().changes()).pathsGone()).containsExactly(evil);
  }

  /** A tree no git client would write: entries named ".." and a name with backslashes. */
  private ObjectId craftedTree(String fineContent) throws Exception {
    ObjectId escaped = remote.insertBlob("kind: Redis\nname: escaped\n");
    ObjectId fine = remote.insertBlob(fineContent);
    try (ObjectInserter inserter = remote.repository().newObjectInserter()) {
      TreeFormatter escape = new TreeFormatter();
      escape.append("escape.yaml", FileMode.REGULAR_FILE, escaped);
      ObjectId escapeTree = inserter.insert(escape);
      TreeFormatter specs = new TreeFormatter();
      specs.append("..", FileMode.TREE, escapeTree);
      specs.append("back\\..\\slash.yaml", FileMode.REGULAR_FILE, escaped);
      specs.append("fine.yaml", FileMode.REGULAR_FILE, fine);
      ObjectId specsTree = inserter.insert(specs);
      TreeFormatter root = new TreeFormatter();
      root.append("..", FileMode.TREE, escapeTree);
      root.append("specs", FileMode.TREE, specsTree);
      ObjectId tree = inserter.insert(root);
      inserter.flush();
      return tree;
    }
  }
}
