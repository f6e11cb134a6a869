package io.mooring.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM options and memory limit the Helm chart gives the daemon by default, read from the
 * chart's {@code values.yaml}, so that the daemon measured here runs as it would in its pod.
 *
 * @param jvmOptions the chart's {@code jvmOptions}, split at spaces
 * @param memoryLimitBytes the chart's {@code resources.limits.memory}
 * @param memoryRequestBytes the chart's {@code resources.requests.memory}
 */
public record ChartJvmSettings(
    List<String> jvmOptions, long memoryLimitBytes, long memoryRequestBytes) {

  public static ChartJvmSettings read(Path valuesYaml) throws IOException {
    JsonNode values = new YAMLMapper().readTree(valuesYaml.toFile());
    List<String> options =
        Arrays.stream(values.path("jvmOptions").asText("").trim().split("\\s+", -1))
            .filter(option -> !option.isEmpty())
            .toList();
    JsonNode resources = values.path("resources");
    return new ChartJvmSettings(
        options,
        bytes(resources.path("limits").path("memory").asText()),
        bytes(resources.path("requests").path("memory").asText()));
  }

  /**
   * The command-line options of a JVM that sizes itself as in the pod: outside a container the JVM
   * sees the machine's memory, so the limit is passed as {@code -XX:MaxRAM}, which its percentages
   * and its choice of collector then follow as they follow a cgroup limit.
   */
  public List<String> commandLine() {
    List<String> line = new ArrayList<>();
    line.add("-XX:MaxRAM=" + memoryLimitBytes);
    line.addAll(jvmOptions);
    return line;
  }

  /** The same settings with {@code option} added after the chart's own. */
  public ChartJvmSettings withOption(String option) {
    List<String> options = new ArrayList<>(jvmOptions);
    options.add(option);
    return new ChartJvmSettings(List.copyOf(options), memoryLimitBytes, memoryRequestBytes);
  }

  private static long bytes(String quantity) {
    return quantity.isEmpty()
        ? 0
        : Quantity.getAmountInBytes(new Quantity(quantity)).longValueExact();
  }
}
