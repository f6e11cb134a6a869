package io.mooring.cli;

import io.mooring.core.source.SpecSet;
import io.mooring.core.spec.SpecParseResult;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The spec files a command reads and how it reads them: shared by every command that takes PATH...
 */
final class SpecInput {
  @Parameters(
      arity = "1..*",
      paramLabel = "PATH",
      description = "Spec files or directories (a config repo checkout).")
  List<Path> paths;

  @Option(
      names = "--default-namespace",
      defaultValue = "default",
      paramLabel = "NAMESPACE",
      description = "Namespace of specs without metadata.namespace (default: ${DEFAULT-VALUE}).")
  String defaultNamespace;

  @Option(
      names = "--max-file-bytes",
      defaultValue = "" + SpecParserOptions.DEFAULT_MAX_FILE_BYTES,
      paramLabel = "BYTES",
      description = "Larger files are rejected unread (default: ${DEFAULT-VALUE}).")
  long maxFileBytes;

  /** Reads every spec under the paths; a missing path or a bad option is a usage error (exit 2). */
  SpecParseResult parse(CommandLine commandLine) {
    SpecParser parser = parser(commandLine);
    try {
      return parser.parsePaths(paths);
    } catch (IOException e) {
      throw new CommandLine.ParameterException(commandLine, "Cannot read " + e.getMessage());
    }
  }

  /**
   * Reads the paths as the config repository a sync applies: each file parsed on its own and put
   * together as the daemon puts a commit's files together, under the same rules.
   */
  SpecSet read(CommandLine commandLine) {
    SpecParser parser = parser(commandLine);
    try {
      return SpecSet.of(parser.parseEachFile(paths));
    } catch (IOException e) {
      throw new CommandLine.ParameterException(commandLine, "Cannot read " + e.getMessage());
    }
  }

  private SpecParser parser(CommandLine commandLine) {
    for (Path path : paths) {
      if (!Files.exists(path)) {
        throw new CommandLine.ParameterException(commandLine, "No such file or directory: " + path);
      }
    }
    try {
      return SpecParser.standard(
          SpecParserOptions.defaults()
              .withDefaultNamespace(defaultNamespace)
              .withMaxFileBytes(maxFileBytes));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(commandLine, e.getMessage());
    }
  }
}
