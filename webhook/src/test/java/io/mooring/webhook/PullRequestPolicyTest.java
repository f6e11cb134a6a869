package io.mooring.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which pull and merge request events are previewed, and what is taken from them. */
class PullRequestPolicyTest {
  private static final String SECRET = "s3cret-hook";
  private static final String TOKEN = "gitlab-token";
  private static final String HEAD = "ab".repeat(20);
  private final WebhookPolicy policy =
      new WebhookPolicy(
          "https://github.com/acme/config.git",
          "main",
          SECRET.getBytes(StandardCharsets.UTF_8),
          TOKEN.getBytes(StandardCharsets.UTF_8),
          new RecentDeliveries(100));

  private static String githubPull(String action, String base, String repo) {
    return """
        {"action":"%s","number":7,"pull_request":{"number":7,"head":{"sha":"%s","ref":"feature"},
         "base":{"ref":"%s","repo":{"clone_url":"%s"}}},"repository":{"clone_url":"%s"}}"""
        .formatted(action, HEAD, base, repo, repo);
  }

  private WebhookOutcome github(String delivery, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return policy.decide(
        WebhookProvider.GITHUB,
        new WebhookRequest(
            Map.of(
                "X-GitHub-Event",
                "pull_request",
                "X-GitHub-Delivery",
                delivery,
                "X-Hub-Signature-256",
                GithubSignature.sign(SECRET, bytes)),
            bytes));
  }

  private WebhookOutcome gitlab(String delivery, String action, String target) {
    String body =
        """
        {"object_kind":"merge_request","project":{"git_http_url":"https://github.com/acme/config.git"},
         "object_attributes":{"iid":3,"action":"%s","target_branch":"%s","last_commit":{"id":"%s"}}}"""
            .formatted(action, target, HEAD);
    return policy.decide(
        WebhookProvider.GITLAB,
        new WebhookRequest(
            Map.of(
                "X-Gitlab-Event", "Merge Request Hook",
                "X-Gitlab-Token", TOKEN,
                "X-Gitlab-Event-UUID", delivery),
            body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void anOpenedPullRequestIntoTheTrackedBranchIsPreviewedAtItsHeadRef() {
    WebhookOutcome outcome =
        github("d1", githubPull("opened", "main", "https://github.com/acme/config.git"));
    assertThat(outcome.kind()).isEqualTo(WebhookOutcome.Kind.PREVIEW);
    assertThat(outcome.status()).isEqualTo(202);
    assertThat(outcome.triggersFetch()).isFalse();
    PullRequestEvent event = outcome.pullRequest();
    assertThat(event.number()).isEqualTo(7);
    assertThat(event.headSha()).isEqualTo(HEAD);
    assertThat(event.headRef()).isEqualTo("refs/pull/7/head");
    assertThat(
            github("d2", githubPull("synchronize", "main", "git@github.com:acme/config.git"))
                .kind())
        .isEqualTo(WebhookOutcome.Kind.PREVIEW);
    assertThat(
            github("d3", githubPull("reopened", "main", "https://github.com/acme/config")).kind())
        .isEqualTo(WebhookOutcome.Kind.PREVIEW);
  }

  @Test
  void otherActionsBasesAndRepositoriesAreIgnored() {
    assertThat(
            github("d1", githubPull("closed", "main", "https://github.com/acme/config.git"))
                .reason())
        .contains("not previewed");
    assertThat(
            github("d2", githubPull("opened", "release", "https://github.com/acme/config.git"))
                .reason())
        .contains("not the tracked branch");
    assertThat(
            github("d3", githubPull("opened", "main", "https://github.com/evil/config.git"))
                .reason())
        .contains("not the one Mooring follows");
    assertThat(
            github("d1", githubPull("opened", "main", "https://github.com/acme/config.git")).kind())
        .isEqualTo(WebhookOutcome.Kind.DUPLICATE);
  }

  @Test
  void aPayloadWithoutAHeadShaIsMalformed() {
    assertThat(github("d1", "{\"action\":\"opened\",\"number\":7,\"pull_request\":{}}").kind())
        .isEqualTo(WebhookOutcome.Kind.MALFORMED);
  }

  @Test
  void gitlabMergeRequestsOpenedOrUpdatedAreFetchedFromTheirMergeRequestRef() {
    WebhookOutcome outcome = gitlab("u1", "open", "main");
    assertThat(outcome.kind()).isEqualTo(WebhookOutcome.Kind.PREVIEW);
    assertThat(outcome.pullRequest().headRef()).isEqualTo("refs/merge-requests/3/head");
    assertThat(outcome.pullRequest().provider()).isEqualTo(WebhookProvider.GITLAB);
    assertThat(gitlab("u2", "update", "main").kind()).isEqualTo(WebhookOutcome.Kind.PREVIEW);
    assertThat(gitlab("u3", "merge", "main").kind()).isEqualTo(WebhookOutcome.Kind.IGNORED);
    assertThat(gitlab("u4", "open", "develop").kind()).isEqualTo(WebhookOutcome.Kind.IGNORED);
  }
}
