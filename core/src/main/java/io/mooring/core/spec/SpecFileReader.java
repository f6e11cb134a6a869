package io.mooring.core.spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns paths on disk into {@link SpecFile}s: a file is read whatever its name, a directory yields
 * every {@code *.yaml}/{@code *.yml} below it (hidden directories such as {@code .git} skipped), in
 * a stable order. Each file is named as the user would write it: the path argument followed by the
 * path inside it ({@code examples/apps/default/cache.yaml}). Sizes are checked before any byte is
 * read.
 */
final class SpecFileReader {
  private final long maxFileBytes;

  SpecFileReader(long maxFileBytes) {
    this.maxFileBytes = maxFileBytes;
  }

  /**
   * The readable files; unreadable or oversized ones become errors. Throws when a path does not
   * exist.
   */
  List<SpecFile> read(List<Path> paths, SpecProblems problems) throws IOException {
    List<SpecFile> files = new ArrayList<>();
    Set<Path> seen = new HashSet<>();
    for (Path path : paths) {
      if (!Files.exists(path)) {
        throw new NoSuchFileException(path.toString());
      }
      for (Path file : expand(path)) {
        if (seen.add(file.toRealPath())) {
          readOne(file, displayName(path, file), problems).ifPresent(files::add);
        }
      }
    }
    return files;
  }

  static String tooLarge(long size, long max) {
    return "file is " + size + " bytes, more than the limit of " + max + " bytes";
  }

  private static List<Path> expand(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> walk = Files.walk(path)) {
      return walk.filter(p -> Files.isRegularFile(p) && isYaml(p) && !inHiddenDirectory(path, p))
          .sorted()
          .toList();
    }
  }

  private static boolean isYaml(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  private static boolean inHiddenDirectory(Path base, Path file) {
    Path relative = base.relativize(file).getParent();
    if (relative == null) {
      return false;
    }
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static String displayName(Path argument, Path file) {
    Path base = argument.normalize();
    Path shown = file.equals(argument) ? base : base.resolve(argument.relativize(file)).normalize();
    String name = shown.toString().replace(shown.getFileSystem().getSeparator(), "/");
    return name.isEmpty() ? argument.toString() : name;
  }

  private Optional<SpecFile> readOne(Path file, String name, SpecProblems problems) {
    SourceLocation start = new SourceLocation(name, 1, 1);
    try {
      long size = Files.size(file);
      if (size > maxFileBytes) {
        problems.error(start, "", tooLarge(size, maxFileBytes));
        return Optional.empty();
      }
      byte[] content;
      try (InputStream in = Files.newInputStream(file)) {
        // Never more than the cap plus one byte, even if the file grows after its size was read.
        content = in.readNBytes((int) maxFileBytes + 1);
      }
      if (content.length > maxFileBytes) {
        problems.error(start, "", tooLarge(content.length, maxFileBytes));
        return Optional.empty();
      }
      return Optional.of(new SpecFile(name, content));
    } catch (IOException e) {
      problems.error(start, "", "cannot read file: " + e.getMessage());
      return Optional.empty();
    }
  }
}
