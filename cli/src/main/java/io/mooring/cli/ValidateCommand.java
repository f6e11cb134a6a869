package io.mooring.cli;

import io.mooring.core.spec.SpecParseResult;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mooring validate PATH...}: checks spec files as the daemon would read them, without a
 * cluster.
 */
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

  @Mixin SpecInput input;

  @Option(
      names = "--output",
      defaultValue = "text",
      paramLabel = "text|json",
      description = "Report format (default: ${DEFAULT-VALUE}).")
  Output output;

  @Option(
      names = "--explain",
      description =
          "Also print notes on valid fields that have no effect in the cluster (an Aiven spec's project, cloud or VPC).")
  boolean explain;

  @Override
  public Integer call() {
    SpecParseResult result = input.parse(spec.commandLine());
    ValidationReport report = new ValidationReport(result, explain);
    spec.commandLine().getOut().print(output == Output.JSON ? report.json() : report.text());
    spec.commandLine().getOut().flush();
    return result.valid() ? VALID : INVALID;
  }
}
