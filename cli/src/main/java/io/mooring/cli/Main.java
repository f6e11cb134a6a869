package io.mooring.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;

/** Entry point of the {@code mooring} command: each subcommand lives in its own class. */
@Command(
    name = "mooring",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "GitOps reconciler for Redis and NATS on Kubernetes.",
    subcommands = {
      ValidateCommand.class,
      RenderCommand.class,
      DiffCommand.class,
      SyncCommand.class,
      ServeCommand.class,
      BackupsCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code, so tests can call it without exiting the JVM. */
  public static int run(String... args) {
    return commandLine(args).execute(args);
  }

  static CommandLine commandLine(String... args) {
    return commandLine(System.getenv(), args);
  }

  /**
   * The command line with option defaults taken from {@code environment} and from the {@code
   * --config} file named in {@code args}.
   */
  static CommandLine commandLine(java.util.Map<String, String> environment, String... args) {
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> type) throws Exception {
            if (type == ServeCommand.class) {
              return type.cast(new ServeCommand(environment));
            }
            return CommandLine.defaultFactory().create(type);
          }
        };
    CommandLine commandLine =
        new CommandLine(new Main(), factory).setCaseInsensitiveEnumValuesAllowed(true);
    EnvironmentAndFileDefaults defaults =
        new EnvironmentAndFileDefaults(
            environment, EnvironmentAndFileDefaults.configFileFrom(args, environment));
    commandLine.getSubcommands().get("serve").setDefaultValueProvider(defaults);
    // One-shot commands take their other flags alone (a daemon's MOORING_PRUNE must not change a
    // pipeline's sync), but render what the daemon renders.
    IDefaultValueProvider renderSettingsOnly = defaults.onlyFor(RenderSettings.optionNames());
    for (String command : List.of("render", "diff", "sync")) {
      commandLine.getSubcommands().get(command).setDefaultValueProvider(renderSettingsOnly);
    }
    return commandLine;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
