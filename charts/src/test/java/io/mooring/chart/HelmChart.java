package io.mooring.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/** Runs Helm (the real Go code, through helm-java) on charts/mooring. */
final class HelmChart {
  static final String RELEASE = "mooring";
  static final String NAMESPACE = "mooring-system";

  /** The one value the chart cannot default; set unless a test gives its own values. */
  static final String REPO = "https://github.com/acme/platform-config.git";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private HelmChart() {}

  /**
   * {@code helm lint --strict} with {@code overrides} on top of the chart's values. helm-java's
   * lint takes no values file, so the chart is copied to {@code workDir} with the merged
   * values.yaml: the same values helm would compute, checked against values.schema.json as usual.
   */
  static LintResult lint(Path overrides, Path workDir) {
    Path copy = workDir.resolve("mooring");
    copyTree(ChartFiles.chart(), copy);
    try {
      ObjectNode values = (ObjectNode) YAML.readTree(copy.resolve("values.yaml").toFile());
      mergeInto(values, YAML.readTree(overrides.toFile()));
      YAML.writeValue(copy.resolve("values.yaml").toFile(), values);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Helm(copy).lint().strict().call();
  }

  /**
   * {@code helm template} with an optional values file and {@code --set} pairs; returns the
   * manifest.
   */
  static String template(Path valuesFile, Map<String, Object> sets) {
    return template(RELEASE, valuesFile, sets);
  }

  /** The same for a release of another name. */
  static String template(String release, Path valuesFile, Map<String, Object> sets) {
    TemplateCommand command =
        new Helm(ChartFiles.chart()).template().withName(release).withNamespace(NAMESPACE);
    if (valuesFile != null) {
      command = command.withValuesFile(valuesFile);
    } else if (!sets.containsKey("git.repo")) {
      command = command.set("git.repo", REPO);
    }
    for (Map.Entry<String, Object> set : sets.entrySet()) {
      command = command.set(set.getKey(), set.getValue());
    }
    return command.call();
  }

  static String template() {
    return template(null, Map.of());
  }

  /**
   * The release notes (NOTES.txt) a user sees after {@code helm install}: a client-side dry run,
   * which renders them without a cluster.
   */
  static String notes(Path valuesFile) {
    InstallCommand command =
        new Helm(ChartFiles.chart())
            .install()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withDryRunOption(DryRun.CLIENT)
            .clientOnly();
    command =
        valuesFile != null ? command.withValuesFile(valuesFile) : command.set("git.repo", REPO);
    String output = command.call().getOutput();
    int notes = output.indexOf("NOTES:");
    if (notes < 0) {
      throw new AssertionError("no NOTES in the install output:\n" + output);
    }
    return output.substring(notes);
  }

  /** Helm's deep merge: maps merge key by key, anything else is replaced. */
  private static void mergeInto(ObjectNode target, JsonNode overrides) {
    for (Map.Entry<String, JsonNode> field : overrides.properties()) {
      JsonNode existing = target.get(field.getKey());
      if (existing instanceof ObjectNode existingObject && field.getValue().isObject()) {
        mergeInto(existingObject, field.getValue());
      } else {
        target.set(field.getKey(), field.getValue());
      }
    }
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
