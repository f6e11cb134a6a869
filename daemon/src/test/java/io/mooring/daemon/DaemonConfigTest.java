package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The startup line prints the config: no credential of it may show. */
class DaemonConfigTest {

  @Test
  void credentialsInTheRemoteUrlAndTheWebhookSecretsAreMasked() {
    DaemonConfig config =
        TestDaemonConfig.of(
                "https://mooring:s3cr3t-token@git.example.org/team/config.git", Path.of("data"))
            .build();

    assertThat(config.toString())
        .contains("repo=https://***@git.example.org/team/config.git")
        .doesNotContain("s3cr3t-token")
        .doesNotContain("mooring:")
        .doesNotContain(TestDaemonConfig.GITHUB_SECRET)
        .doesNotContain(TestDaemonConfig.GITLAB_TOKEN);
  }
}
