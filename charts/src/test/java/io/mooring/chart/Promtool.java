package io.mooring.chart;

import io.mooring.daemon.RequiredBinary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Prometheus's own checker, run as a process (Debian package {@code prometheus}). */
final class Promtool {
  /** What promtool printed and how it exited. */
  record Outcome(int exitCode, String output) {
    boolean succeeded() {
      return exitCode == 0;
    }
  }

  private final Path binary;

  private Promtool(Path binary) {
    this.binary = binary;
  }

  static Promtool require() {
    return new Promtool(RequiredBinary.require("promtool", "prometheus"));
  }

  Outcome checkRules(Path rulesFile) {
    return run("check", "rules", rulesFile.toString());
  }

  Outcome testRules(Path testFile) {
    return run("test", "rules", testFile.toString());
  }

  /**
   * Parses every expression with Prometheus's parser. promtool has no single-expression check, so
   * each becomes a recording rule of one rules file; the rules are named after their position in
   * {@code expressions} and the failure output maps each name back to its origin.
   */
  Outcome checkExpressions(List<PromExpression> expressions, Path workDir) {
    StringBuilder rules = new StringBuilder("groups:\n  - name: shipped-expressions\n    rules:\n");
    List<String> legend = new ArrayList<>();
    for (int i = 0; i < expressions.size(); i++) {
      PromExpression expression = expressions.get(i);
      String record = "shipped_expression_" + i;
      rules.append("      - record: ").append(record).append('\n');
      rules.append("        expr: ").append(yamlQuoted(expression.forPrometheus())).append('\n');
      legend.add(record + " = " + expression.origin() + ": " + expression.expr());
    }
    Path file = workDir.resolve("shipped-expressions.rules.yaml");
    try {
      Files.writeString(file, rules, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Outcome outcome = checkRules(file);
    return outcome.succeeded()
        ? outcome
        : new Outcome(outcome.exitCode(), outcome.output() + "\n" + String.join("\n", legend));
  }

  private static String yamlQuoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private Outcome run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    Process process = null;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("promtool did not finish: " + command);
      }
      return new Outcome(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      if (process != null) {
        process.destroyForcibly();
      }
    }
  }
}
