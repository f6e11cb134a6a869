package io.mooring.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code mooring} command: each subcommand lives in its own class. */
@Command(
    name = "mooring",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "GitOps reconciler for Redis and NATS on Kubernetes.",
    subcommands = {ValidateCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code, so tests can call it without exiting the JVM. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
