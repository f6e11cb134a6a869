package io.mooring.gitsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitSourceTest {

  @TempDir Path tmp;

  @Test
  void aSourceNormalizesItsPathAndDefaultsToNoAuth() {
    GitSource source = new GitSource("https://git.example/config.git", "main", "/specs/", null);

    assertThat(source.path()).isEqualTo("specs");
    assertThat(source.auth()).isEqualTo(GitAuth.none());
    assertThat(source.branchRef()).isEqualTo("refs/heads/main");
  }

  @Test
  void invalidSourcesAreRefusedNamingTheField() {
    assertThatThrownBy(() -> GitSource.of(" ", "main")).hasMessageContaining("uri");
    assertThatThrownBy(() -> GitSource.of("https://git.example/c.git", "bad..branch"))
        .hasMessageContaining("branch 'bad..branch'");
    assertThatThrownBy(
            () -> new GitSource("https://git.example/c.git", "main", "../up", GitAuth.none()))
        .hasMessageContaining("path");
  }

  @Test
  void toStringNeverShowsCredentials() {
    GitSource source =
        new GitSource(
            "https://bot:hunter2@git.example/c.git",
            "main",
            "specs",
            new GitAuth.HttpsBasic("bot", new SecretSource.FromEnv("GIT_TOKEN")));

    assertThat(source.toString())
        .doesNotContain("hunter2")
        .contains("https://***@git.example/c.git", "GIT_TOKEN");
    assertThat(new GitAuth.SshKey(tmp.resolve("id"), tmp.resolve("kh"), null).hostKeyPolicy())
        .as("strict host key checking unless asked otherwise")
        .isEqualTo(HostKeyPolicy.STRICT);
  }

  @Test
  void secretFilesAreReadFreshAndStrippedAndProblemsNameTheFileNotTheValue() throws Exception {
    Path file = tmp.resolve("token");
    SecretSource source = new SecretSource.FromFile(file);
    assertThatThrownBy(source::read)
        .isInstanceOf(GitAuthException.class)
        .hasMessageContaining(file.toString());

    Files.writeString(file, "first\n");
    assertThat(source.read()).isEqualTo("first");
    Files.writeString(file, "second");
    assertThat(source.read()).isEqualTo("second");

    Files.writeString(file, " \n");
    assertThatThrownBy(source::read).hasMessageContaining("empty");
    assertThatThrownBy(new SecretSource.FromEnv("MOORING_SURELY_UNSET_VARIABLE")::read)
        .hasMessageContaining("MOORING_SURELY_UNSET_VARIABLE is not set");
  }
}
