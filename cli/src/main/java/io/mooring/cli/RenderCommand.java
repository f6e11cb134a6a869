package io.mooring.cli;

import io.mooring.core.render.Renderer;
import io.mooring.core.render.common.DesiredState;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mooring render PATH...}: the objects Mooring would apply, without a cluster. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = {
      "Print the Kubernetes objects of every valid Redis and NATS spec under each PATH, in apply order.",
      "Secret values are masked unless --show-secrets; problems go to stderr.",
      "Exit status: 0 all specs valid, 1 some spec invalid or not renderable, 2 usage error."
    })
final class RenderCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin SpecInput input;

  @Mixin RenderSettings renderSettings;

  @Mixin RenderConfigFile configFile;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "yaml",
      paramLabel = "yaml|json",
      description = "yaml documents or a JSON v1 List (default: ${DEFAULT-VALUE}).")
  ObjectPrinter.Format output;

  @Option(names = "--show-secrets", description = "Print Secret values instead of ***.")
  boolean showSecrets;

  @Override
  public Integer call() {
    LoadedSpecs specs =
        LoadedSpecs.of(
            input.read(spec.commandLine()),
            new Renderer(renderSettings.renderOptions(spec.commandLine()))::render);
    List<DesiredState> states = List.copyOf(specs.rendered().values());
    PrintWriter out = spec.commandLine().getOut();
    out.print(new ObjectPrinter(showSecrets).print(states, output));
    out.flush();
    ProblemsOnStderr.print(spec.commandLine(), specs);
    return specs.valid() ? ValidateCommand.VALID : ValidateCommand.INVALID;
  }
}
