package io.mooring.core.spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads spec files into canonical {@link AppSpec}s. Every file and every document is read and every
 * problem collected; nothing stops at the first. Works on file contents ({@link SpecFile}) because
 * the git mirror reads them from a commit; {@link #parsePaths} is the same over files on disk.
 */
public final class SpecParser {
  private final SpecParserOptions options;
  private final List<Dialect> dialects;
  private final YamlTreeReader yaml;

  public SpecParser(SpecParserOptions options, List<Dialect> dialects) {
    this.options = options;
    this.dialects = List.copyOf(dialects);
    this.yaml = new YamlTreeReader(options);
  }

  /** The parser for every dialect Mooring knows. */
  public static SpecParser standard(SpecParserOptions options) {
    return new SpecParser(
        options, List.of(new CozystackDialect(), new AivenDialect(), new HeraDialect()));
  }

  public SpecParserOptions options() {
    return options;
  }

  public SpecParseResult parse(Collection<SpecFile> files) {
    return new Run().parse(files, List.of());
  }

  /**
   * Reads every {@code *.yaml}/{@code *.yml} under the paths; see {@link SpecFileReader} for how
   * files are named.
   */
  public SpecParseResult parsePaths(List<Path> paths) throws IOException {
    SpecProblems readProblems = new SpecProblems();
    List<SpecFile> files = new SpecFileReader(options.maxFileBytes()).read(paths, readProblems);
    return new Run().parse(files, readProblems.errors());
  }

  /**
   * Reads the files under the paths as {@link #parsePaths} does, but parses each file on its own,
   * as the daemon parses each file a push changed; whatever spans files (an app declared twice) is
   * left to whoever puts the files together. By file name, in the order read; a file that could not
   * be read has a result holding that error.
   */
  public Map<String, SpecParseResult> parseEachFile(List<Path> paths) throws IOException {
    SpecProblems readProblems = new SpecProblems();
    List<SpecFile> files = new SpecFileReader(options.maxFileBytes()).read(paths, readProblems);
    Map<String, SpecParseResult> results = new LinkedHashMap<>();
    files.forEach(file -> results.put(file.path(), parse(List.of(file))));
    readProblems
        .errors()
        .forEach(error -> results.put(error.file(), SpecParseResult.notRead(error)));
    return results;
  }

  /** The state of one parse: apps are only known to be unique once all files are read. */
  private final class Run {
    private final SpecProblems problems = new SpecProblems();
    private final List<AppSpec> mapped = new ArrayList<>();
    private final Map<AppRef, List<SourceLocation>> occurrences = new LinkedHashMap<>();
    private final Set<AppRef> invalidRefs = new HashSet<>();

    SpecParseResult parse(Collection<SpecFile> files, List<SpecError> unreadable) {
      unreadable.forEach(e -> problems.error(e.location(), e.fieldPath(), e.message()));
      for (SpecFile file : files) {
        parseFile(file);
      }
      reportDuplicates();
      RestoreSources.check(mapped, occurrences.keySet())
          .forEach(
              (ref, error) -> {
                invalidRefs.add(ref);
                problems.error(error.location(), error.fieldPath(), error.message());
              });
      List<AppSpec> specs =
          mapped.stream().filter(spec -> !invalidRefs.contains(spec.ref())).toList();
      List<SpecError> errors = problems.errors();
      Set<String> invalidFiles = errors.stream().map(SpecError::file).collect(Collectors.toSet());
      return new SpecParseResult(
          specs,
          errors,
          problems.warnings(),
          invalidRefs,
          invalidFiles,
          files.size() + unreadable.size(),
          problems.notes());
    }

    private void parseFile(SpecFile file) {
      List<YamlNode> documents;
      try {
        if (file.content().length > options.maxFileBytes()) {
          throw new YamlReadException(
              new SourceLocation(file.path(), 1, 1),
              SpecFileReader.tooLarge(file.content().length, options.maxFileBytes()));
        }
        documents = yaml.read(file.path(), Utf8Text.decode(file.path(), file.content()));
      } catch (YamlReadException unreadable) {
        problems.error(unreadable.location(), "", unreadable.getMessage());
        return;
      }
      EnvelopeReader envelopes = new EnvelopeReader(dialects, options.defaultNamespace(), problems);
      for (YamlNode document : documents) {
        envelopes.read(document).ifPresent(this::map);
      }
    }

    private void map(Envelope envelope) {
      occurrences
          .computeIfAbsent(envelope.ref(), ref -> new ArrayList<>())
          .add(envelope.nameLocation());
      Optional<AppSpec> spec =
          envelope.document() == null
              ? Optional.empty()
              : envelope.dialect().map(envelope.document(), problems);
      spec.ifPresentOrElse(mapped::add, () -> invalidRefs.add(envelope.ref()));
    }

    // Two documents claiming one app would make the result depend on file order; neither is
    // applied.
    private void reportDuplicates() {
      occurrences.forEach(
          (ref, places) -> {
            if (places.size() < 2) {
              return;
            }
            invalidRefs.add(ref);
            for (SourceLocation place : places) {
              SpecError duplicate =
                  SpecError.duplicateApp(
                      ref, place, places.stream().filter(other -> !other.equals(place)).toList());
              problems.error(duplicate.location(), duplicate.fieldPath(), duplicate.message());
            }
          });
    }
  }
}
