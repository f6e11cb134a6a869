package io.mooring.gitsync;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.storage.file.WindowCacheConfig;

/**
 * Damage as a failing disk leaves it: bytes flipped inside a pack file, its length and name kept,
 * so the pack index still promises the object while its data no longer inflates.
 */
public final class PackDamage {
  private static final int FLIPPED_BYTES = 4;

  private PackDamage() {}

  /** The id git gives a file with this content. */
  public static ObjectId blobId(String content) {
    try (ObjectInserter.Formatter formatter = new ObjectInserter.Formatter()) {
      return formatter.idFor(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Flips a few bytes of {@code object}'s data in the pack of bare repository {@code gitDir} that
   * holds it, in place.
   */
  public static void flipBytesOf(Path gitDir, AnyObjectId object) throws IOException {
    for (Path idx : packIndexes(gitDir)) {
      long offset = PackIndex.open(idx.toFile()).findOffset(object);
      if (offset < 0) {
        continue;
      }
      Path pack = idx.resolveSibling(idx.getFileName().toString().replace(".idx", ".pack"));
      long size = Files.size(pack);
      // Past the object's type-and-size header and the zlib header, inside the deflated data.
      long from = offset + 6;
      if (from + FLIPPED_BYTES > size - Constants.OBJECT_ID_LENGTH) {
        throw new IllegalStateException(object.name() + " is too close to the end of " + pack);
      }
      pack.toFile().setWritable(true);
      try (RandomAccessFile file = new RandomAccessFile(pack.toFile(), "rw")) {
        for (long at = from; at < from + FLIPPED_BYTES; at++) {
          file.seek(at);
          int original = file.read();
          file.seek(at);
          file.write(original ^ 0xFF);
        }
      }
      if (Files.size(pack) != size) {
        throw new IllegalStateException("the length of " + pack + " changed");
      }
      return;
    }
    throw new IllegalStateException(object.name() + " is in no pack of " + gitDir);
  }

  /**
   * Forgets the pack data JGit keeps in memory, as memory pressure or a busy cache does: the next
   * read of a running repository goes to the disk.
   */
  public static void dropCachedPacks() {
    new WindowCacheConfig().install();
  }

  private static List<Path> packIndexes(Path gitDir) throws IOException {
    try (Stream<Path> files = Files.list(gitDir.resolve("objects/pack"))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".idx")).sorted().toList();
    }
  }
}
