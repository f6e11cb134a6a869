package io.mooring.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChartLintIT {

  @Test
  void lintsCleanWithTheRepositoryAloneSet(@TempDir Path workDir) throws Exception {
    Path values = workDir.resolve("repo-values.yaml");
    Files.writeString(values, "git:\n  repo: " + HelmChart.REPO + "\n");

    LintResult result = HelmChart.lint(values, workDir);

    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"all-features-values.yaml", "persistence-values.yaml"})
  void lintsCleanWithOptionalFeaturesOn(String valuesFile, @TempDir Path workDir) {
    LintResult result = HelmChart.lint(ChartFiles.ciValues(valuesFile), workDir);

    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void lintRejectsValuesOutsideTheSchema(@TempDir Path workDir) throws Exception {
    Path values = workDir.resolve("bad-values.yaml");
    Files.writeString(
        values, "reconcile:\n  mode: destroy\nsecurityContext:\n  readOnlyRootFilesystem: false\n");

    LintResult result = HelmChart.lint(values, workDir);

    assertThat(result.isFailed()).isTrue();
    assertThat(String.join("\n", result.getMessages()))
        .contains("/reconcile/mode")
        .contains("/securityContext/readOnlyRootFilesystem");
  }
}
