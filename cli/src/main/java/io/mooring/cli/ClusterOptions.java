package io.mooring.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** How a one-shot command reaches the cluster and which part of it Mooring serves. */
final class ClusterOptions {
  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "Kubeconfig file (default: in-cluster config, then ~/.kube/config).")
  Path kubeconfig;

  @Option(names = "--context", description = "Kubeconfig context to use.")
  String context;

  @Option(
      names = "--namespaces",
      split = ",",
      description =
          "Namespaces Mooring serves, comma-separated (default: all); specs elsewhere are skipped.")
  List<String> namespaces;

  @Option(
      names = "--timeout",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "How long to wait for the cluster's objects to be listed (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  List<String> servedNamespaces() {
    return namespaces == null
        ? List.of()
        : namespaces.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
