package io.mooring.gitsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RepoPathsTest {

  @Test
  void theConfiguredFolderIsNormalizedAndCannotClimbOutOfTheRepository() {
    assertThat(RepoPaths.normalizeFolder("")).isEmpty();
    assertThat(RepoPaths.normalizeFolder(" ./specs//redis/ ")).isEqualTo("specs/redis");
    assertThat(RepoPaths.normalizeFolder("specs\\nats")).isEqualTo("specs/nats");
    assertThatThrownBy(() -> RepoPaths.normalizeFolder("specs/../../etc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'..'");
    assertThat(RepoPaths.normalizeFolder("/specs"))
        .as("the repository's root, not the machine's")
        .isEqualTo("specs");
  }

  @Test
  void onlyPathsMadeOfPlainNamesAreSafe() {
    assertThat(RepoPaths.isSafe("specs/a..b.yaml")).isTrue();
    assertThat(RepoPaths.isSafe("specs/...yaml")).isTrue();
    assertThat(RepoPaths.isSafe("specs/with space.yaml")).isTrue();
    assertThat(RepoPaths.isSafe("../x.yaml")).isFalse();
    assertThat(RepoPaths.isSafe("specs/./x.yaml")).isFalse();
    assertThat(RepoPaths.isSafe("specs//x.yaml")).isFalse();
    assertThat(RepoPaths.isSafe("/etc/passwd")).isFalse();
    assertThat(RepoPaths.isSafe("specs\\..\\x.yaml")).isFalse();
    assertThat(RepoPaths.isSafe("specs/new\nline.yaml")).isFalse();
    assertThat(RepoPaths.isSafe("")).isFalse();
  }

  @Test
  void specFilesAreYamlFilesInsideTheFolder() {
    assertThat(RepoPaths.isSpecFileUnder("specs", "specs/a.yaml")).isTrue();
    assertThat(RepoPaths.isSpecFileUnder("specs", "specs/deep/a.YML")).isTrue();
    assertThat(RepoPaths.isSpecFileUnder("specs", "specs-old/a.yaml"))
        .as("a sibling with a common prefix")
        .isFalse();
    assertThat(RepoPaths.isSpecFileUnder("specs", "specs/a.json")).isFalse();
    assertThat(RepoPaths.isSpecFileUnder("", "a.yml")).isTrue();
  }
}
