package io.mooring.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives options their values from the environment and from an optional YAML file, so the precedence
 * is flag, then environment variable, then file, then the built-in default. {@code --repo-url} is
 * read from {@code MOORING_REPO_URL} and from the file's key {@code repo-url}.
 */
final class EnvironmentAndFileDefaults implements IDefaultValueProvider {
  private final Map<String, String> environment;
  private final JsonNode file;

  EnvironmentAndFileDefaults(Map<String, String> environment, Path configFile) {
    this.environment = environment;
    this.file = configFile == null ? null : read(configFile);
  }

  /**
   * {@code --config} must be known before picocli applies defaults, so it is found in the raw
   * arguments.
   */
  static Path configFileFrom(String[] args, Map<String, String> environment) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Path.of(args[i].substring("--config=".length()));
      }
    }
    String fromEnv = environment.get("MOORING_CONFIG");
    return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
  }

  static String environmentName(String longOption) {
    return "MOORING_"
        + longOption.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option)) {
      return null;
    }
    String longName = option.longestName();
    String fromEnv = environment.get(environmentName(longName));
    if (fromEnv != null) {
      return fromEnv;
    }
    if (file != null) {
      JsonNode value = file.get(longName.replaceFirst("^--", ""));
      if (value != null && !value.isNull()) {
        return value.isArray() ? joined(value) : value.asText();
      }
    }
    return option.defaultValue();
  }

  /** These defaults for the options named (by their longest name), none for the others. */
  IDefaultValueProvider onlyFor(Set<String> longNames) {
    return argSpec ->
        argSpec instanceof OptionSpec option && longNames.contains(option.longestName())
            ? defaultValue(argSpec)
            : null;
  }

  private static String joined(JsonNode array) {
    StringBuilder out = new StringBuilder();
    array.forEach(item -> out.append(out.length() == 0 ? "" : ",").append(item.asText()));
    return out.toString();
  }

  private static JsonNode read(Path configFile) {
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(configFile));
      if (root != null && !root.isObject()) {
        throw new IllegalArgumentException(
            configFile + ": the config file must be a YAML mapping of option names to values");
      }
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(
          configFile + ": cannot read the config file: " + e.getMessage(), e);
    }
  }
}
