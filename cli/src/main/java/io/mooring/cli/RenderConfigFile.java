package io.mooring.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --config} of render, diff and sync: the daemon's config file, of which they read the
 * render settings only, so that a pipeline renders what the daemon applies.
 */
final class RenderConfigFile {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "YAML file of option values, as for serve; only cluster-domain and the image settings are read from it (and from MOORING_<OPTION>).")
  Path config;
}
