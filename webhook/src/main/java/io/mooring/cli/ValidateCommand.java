package io.mooring.cli;

import io.mooring.core.spec.SpecParseResult;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mooring validate PATH...}: checks spec files as the daemon would read them, without a cluster. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check Redis and NATS spec files: every *.yaml/*.yml under each PATH (files are read whatever their name).",
      "Prints one line per problem (file:line:col field: message) and a summary.",
      "Exit status: 0 all specs valid, 1 some spec invalid, 2 usage error."
    })
final class ValidateCommand implements Callable<Integer> {
  static final int VALID = 0;
  static final int INVALID = 1;

  /** How the report is printed. */
  enum Output {
    TEXT,
    JSON
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Spec files or directories (a config repo checkout).")
  List<Path> paths;

  @Option(names = "--output", defaultValue = "text", paramLabel = "text|json", description = "Report format (default: ${DEFAULT-VALUE}).")
  Output output;

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

  @Override
  public Integer call() {
    for (Path path : paths) {
      if (!Files.exists(path)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "No such file or directory: " + path);
      }
    }
    SpecParserOptions options;
    try {
      options = SpecParserOptions.defaults().withDefaultNamespace(defaultNamespace).withMaxFileBytes(maxFileBytes);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    SpecParseResult result;
    try {
      result = SpecParser.standard(options).parsePaths(paths);
    } catch (IOException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Cannot read " + e.getMessage());
    }
    ValidationReport report = new ValidationReport(result);
    spec.commandLine().getOut().print(output == Output.JSON ? report.json() : report.text());
    spec.commandLine().getOut().flush();
    return result.valid() ? VALID : INVALID;
  }
}
