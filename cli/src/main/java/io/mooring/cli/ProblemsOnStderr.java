package io.mooring.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Spec problems of a command whose stdout carries something else (objects, a diff). */
final class ProblemsOnStderr {
  private ProblemsOnStderr() {}

  /** Prints the problems and a summary when there is any error or warning; nothing otherwise. */
  static void print(CommandLine commandLine, LoadedSpecs specs) {
    if (specs.valid() && specs.problems().warnings().isEmpty()) {
      return;
    }
    PrintWriter err = commandLine.getErr();
    err.print(new ValidationReport(specs.problems(), false).text());
    err.flush();
  }
}
