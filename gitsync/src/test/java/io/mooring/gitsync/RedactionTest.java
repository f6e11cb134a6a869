package io.mooring.gitsync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void userInfoInUrisIsMasked() {
    assertThat(Redaction.uri("https://x-access-token:ghp_abc123@github.com/org/repo.git"))
        .isEqualTo("https://***@github.com/org/repo.git");
    assertThat(Redaction.uri("https://ghp_abc123@github.com/org/repo.git"))
        .isEqualTo("https://***@github.com/org/repo.git");
    assertThat(Redaction.uri("https://github.com/org/repo.git"))
        .isEqualTo("https://github.com/org/repo.git");
    assertThat(Redaction.uri("git@github.com:org/repo.git"))
        .as("scp-like syntax has no password")
        .isEqualTo("git@github.com:org/repo.git");
  }

  @Test
  void messagesLoseEveryUriCredentialAndKnownSecret() {
    String message =
        "https://u:tok1@a.example/r.git: not authorized (tried tok2 via https://tok3@b.example/r.git)";

    String redacted = Redaction.message(message, "tok2", null, "");

    assertThat(redacted)
        .doesNotContain("tok1", "tok2", "tok3")
        .isEqualTo(
            "https://***@a.example/r.git: not authorized (tried *** via https://***@b.example/r.git)");
    assertThat(Redaction.message(null)).isEmpty();
  }
}
