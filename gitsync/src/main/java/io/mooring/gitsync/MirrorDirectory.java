package io.mooring.gitsync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bare repository on disk. A mirror left by a previous run is reused when it was made for the
 * same remote and is intact, so a restart costs one incremental fetch instead of a full clone.
 */
final class MirrorDirectory {

  private static final Logger LOG = LoggerFactory.getLogger(MirrorDirectory.class);

  private MirrorDirectory() {}

  /**
   * Opens the mirror at {@code dir}, making a fresh one when it is missing, foreign or unreadable.
   * Spec files over {@code maxFileBytes} are never read, so they are not checked either.
   */
  static Repository open(Path dir, GitSource source, long maxFileBytes) throws IOException {
    if (Files.isDirectory(dir)) {
      Repository existing = null;
      try {
        existing = openExisting(dir);
        String madeFor =
            existing.getConfig().getString("remote", Constants.DEFAULT_REMOTE_NAME, "url");
        if (source.redactedUri().equals(madeFor)) {
          verify(existing, source, maxFileBytes);
          LOG.info("Reusing mirror {} of {}", dir, madeFor);
          return existing;
        }
        LOG.info(
            "Mirror {} was made for {}; cloning {} afresh", dir, madeFor, source.redactedUri());
      } catch (IOException | RuntimeException e) {
        LOG.warn(
            "Mirror {} is unreadable ({}); cloning {} afresh",
            dir,
            Redaction.message(e.toString()),
            source.redactedUri());
      }
      if (existing != null) {
        existing.close();
      }
    }
    return recreate(dir, source);
  }

  /** Deletes whatever is at {@code dir} and makes an empty bare repository there. */
  static Repository recreate(Path dir, GitSource source) throws IOException {
    delete(dir);
    Repository repository = FileRepositoryBuilder.create(dir.toFile());
    repository.create(true);
    StoredConfig config = repository.getConfig();
    // Only the redacted URI is stored: it identifies the remote without writing a token to disk.
    config.setString("remote", Constants.DEFAULT_REMOTE_NAME, "url", source.redactedUri());
    config.save();
    return repository;
  }

  /**
   * Puts the (closed) repository at {@code replacement} in place of the one at {@code dir} and
   * opens it.
   */
  static Repository replace(Path dir, Path replacement) throws IOException {
    delete(dir);
    Files.move(replacement, dir, StandardCopyOption.ATOMIC_MOVE);
    return openExisting(dir);
  }

  private static Repository openExisting(Path dir) throws IOException {
    return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).setBare().build();
  }

  static void delete(Path dir) throws IOException {
    FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
  }

  /**
   * True when every object a snapshot of the branch reads (its commit, the trees down to the spec
   * folder, each spec file) can be read from disk. The mirror is opened afresh for the check,
   * because the running repository answers from its caches.
   */
  static boolean isIntact(Path dir, GitSource source, long maxFileBytes) {
    try (Repository onDisk = openExisting(dir)) {
      verify(onDisk, source, maxFileBytes);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Reads the objects rather than asking the pack index for them: an index still lists the objects
   * of a pack whose bytes were damaged.
   */
  private static void verify(Repository repository, GitSource source, long maxFileBytes)
      throws IOException {
    Ref ref = repository.exactRef(source.branchRef());
    if (ref != null) {
      new CommitFileReader(repository, source.path(), maxFileBytes).verifyAll(ref.getObjectId());
    }
  }
}
