package io.mooring.gitsync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A real bare repository standing for the team's config repo. Commits are written straight into the
 * object database (no working tree), which keeps a 10,000-file commit fast and allows entries a
 * checkout could not hold: symlinks, submodules and hand-made trees.
 */
public final class RemoteRepo implements AutoCloseable {

  private final Path dir;
  private final Repository repository;
  private final String branch;
  private int commitSeconds = 1_700_000_000;

  private RemoteRepo(Path dir, Repository repository, String branch) {
    this.dir = dir;
    this.repository = repository;
    this.branch = branch;
  }

  public static RemoteRepo create(Path dir, String branch) throws IOException {
    Repository repository = FileRepositoryBuilder.create(dir.toFile());
    repository.create(true);
    RefUpdate head = repository.updateRef(Constants.HEAD);
    head.link("refs/heads/" + branch);
    return new RemoteRepo(dir, repository, branch);
  }

  /** The same repository, committing to another branch. Close it like any RemoteRepo. */
  RemoteRepo onBranch(String otherBranch) {
    repository.incrementOpen();
    return new RemoteRepo(dir, repository, otherBranch);
  }

  public Repository repository() {
    return repository;
  }

  Path dir() {
    return dir;
  }

  public String fileUri() {
    return dir.toUri().toString();
  }

  /** The current tip of the branch, or null when the branch does not exist. */
  public String tip() throws IOException {
    ObjectId id = repository.resolve("refs/heads/" + branch);
    return id == null ? null : id.name();
  }

  public Change change() {
    return new Change(false);
  }

  /**
   * A commit with no parent, replacing the branch: what a force-push of an unrelated history does.
   */
  Change orphan() {
    return new Change(true);
  }

  void deleteBranch() throws IOException {
    RefUpdate update = repository.updateRef("refs/heads/" + branch);
    update.setForceUpdate(true);
    update.delete();
  }

  /** Commits a tree built by hand (e.g. with entries named ".."), on top of the tip. */
  String commitTree(ObjectId tree, String message) throws IOException {
    try (ObjectInserter inserter = repository.newObjectInserter()) {
      ObjectId parent = repository.resolve("refs/heads/" + branch);
      return commit(inserter, tree, parent == null ? List.of() : List.of(parent), message);
    }
  }

  ObjectId insertBlob(String content) throws IOException {
    try (ObjectInserter inserter = repository.newObjectInserter()) {
      ObjectId id = inserter.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
      inserter.flush();
      return id;
    }
  }

  /**
   * Packs the repository with a bitmap index, as hosted Git servers keep theirs: without one, the
   * server spends most of a small fetch walking the whole tree to decide what not to send.
   */
  public void pack() throws Exception {
    try (Git git = Git.wrap(repository)) {
      git.gc().setAggressive(false).call();
    }
  }

  @Override
  public void close() {
    repository.close();
  }

  private String commit(
      ObjectInserter inserter, ObjectId tree, List<ObjectId> parents, String message)
      throws IOException {
    PersonIdent who =
        new PersonIdent(
            "Config Author",
            "author@example.org",
            Instant.ofEpochSecond(commitSeconds++),
            ZoneOffset.UTC);
    CommitBuilder commit = new CommitBuilder();
    commit.setTreeId(tree);
    commit.setParentIds(parents);
    commit.setAuthor(who);
    commit.setCommitter(who);
    commit.setMessage(message);
    ObjectId id = inserter.insert(commit);
    inserter.flush();
    RefUpdate update = repository.updateRef("refs/heads/" + branch);
    update.setNewObjectId(id);
    update.setForceUpdate(true);
    RefUpdate.Result result = update.update();
    if (result == RefUpdate.Result.LOCK_FAILURE || result == RefUpdate.Result.IO_FAILURE) {
      throw new IOException("cannot move branch: " + result);
    }
    return id.name();
  }

  /** The edits of one commit. */
  public final class Change {
    private final boolean orphan;
    private final Map<String, Object> puts = new LinkedHashMap<>();
    private final List<String> deletes = new ArrayList<>();

    private Change(boolean orphan) {
      this.orphan = orphan;
    }

    public Change put(String path, String content) {
      puts.put(path, new Blob(FileMode.REGULAR_FILE, content.getBytes(StandardCharsets.UTF_8)));
      return this;
    }

    Change put(String path, byte[] content) {
      puts.put(path, new Blob(FileMode.REGULAR_FILE, content));
      return this;
    }

    Change symlink(String path, String target) {
      puts.put(path, new Blob(FileMode.SYMLINK, target.getBytes(StandardCharsets.UTF_8)));
      return this;
    }

    Change submodule(String path, String commit) {
      puts.put(path, ObjectId.fromString(commit));
      return this;
    }

    public Change delete(String path) {
      deletes.add(path);
      return this;
    }

    Change rename(String from, String to) throws IOException {
      puts.put(to, new Blob(FileMode.REGULAR_FILE, contentAtTip(from)));
      deletes.add(from);
      return this;
    }

    public String commit(String message) throws IOException {
      try (ObjectInserter inserter = repository.newObjectInserter();
          ObjectReader reader = repository.newObjectReader()) {
        ObjectId parent = orphan ? null : repository.resolve("refs/heads/" + branch);
        DirCache index = DirCache.newInCore();
        if (parent != null) {
          DirCacheBuilder builder = index.builder();
          try (RevWalk walk = new RevWalk(reader)) {
            builder.addTree(
                new byte[0], DirCacheEntry.STAGE_0, reader, walk.parseCommit(parent).getTree());
          }
          builder.finish();
        }
        DirCacheEditor editor = index.editor();
        for (String path : deletes) {
          editor.add(new DirCacheEditor.DeletePath(path));
        }
        for (Map.Entry<String, Object> put : puts.entrySet()) {
          FileMode mode;
          ObjectId id;
          if (put.getValue() instanceof Blob blob) {
            mode = blob.mode();
            id = inserter.insert(Constants.OBJ_BLOB, blob.content());
          } else {
            mode = FileMode.GITLINK;
            id = (ObjectId) put.getValue();
          }
          editor.add(
              new DirCacheEditor.PathEdit(put.getKey()) {
                @Override
                public void apply(DirCacheEntry entry) {
                  entry.setFileMode(mode);
                  entry.setObjectId(id);
                }
              });
        }
        editor.finish();
        ObjectId tree = index.writeTree(inserter);
        return RemoteRepo.this.commit(
            inserter, tree, parent == null ? List.of() : List.of(parent), message);
      }
    }

    private byte[] contentAtTip(String path) throws IOException {
      try (RevWalk walk = new RevWalk(repository)) {
        RevCommit tip = walk.parseCommit(repository.resolve("refs/heads/" + branch));
        try (TreeWalk tree = TreeWalk.forPath(repository, path, tip.getTree())) {
          return repository.open(tree.getObjectId(0)).getBytes();
        }
      }
    }
  }

  /** A file to write in the next commit (a class: a record component should not be an array). */
  private static final class Blob {
    private final FileMode mode;
    private final byte[] content;

    Blob(FileMode mode, byte[] content) {
      this.mode = mode;
      this.content = content;
    }

    FileMode mode() {
      return mode;
    }

    byte[] content() {
      return content;
    }
  }
}
