package io.mooring.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookPolicyTest {
  private static final String SECRET = "s3cret-hook";
  private static final String TOKEN = "gitlab-token";
  private final WebhookPolicy policy =
      new WebhookPolicy(
          "https://github.com/acme/config.git",
          "main",
          SECRET.getBytes(StandardCharsets.UTF_8),
          TOKEN.getBytes(StandardCharsets.UTF_8),
          new RecentDeliveries(100));

  static String githubPush(String ref, String after, boolean deleted) {
    return """
        {"ref":"%s","before":"1111111111111111111111111111111111111111","after":"%s","deleted":%s,
         "repository":{"clone_url":"https://github.com/acme/config.git","ssh_url":"git@github.com:acme/config.git",
         "html_url":"https://github.com/acme/config"},"commits":[]}"""
        .formatted(ref, after, deleted);
  }

  private WebhookOutcome github(String event, String delivery, String body, String signature) {
    Map<String, String> headers = new HashMap<>();
    headers.put("X-GitHub-Event", event);
    headers.put("X-GitHub-Delivery", delivery);
    if (signature != null) {
      headers.put("X-Hub-Signature-256", signature);
    }
    return policy.decide(
        WebhookProvider.GITHUB, new WebhookRequest(headers, body.getBytes(StandardCharsets.UTF_8)));
  }

  private WebhookOutcome signedGithub(String event, String delivery, String body) {
    return github(
        event, delivery, body, GithubSignature.sign(SECRET, body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void signedPushToTheTrackedBranchTriggersAFetch() {
    WebhookOutcome outcome =
        signedGithub("push", "d1", githubPush("refs/heads/main", "ab".repeat(20), false));
    assertThat(outcome.kind()).isEqualTo(WebhookOutcome.Kind.TRIGGERED);
    assertThat(outcome.status()).isEqualTo(202);
  }

  @Test
  void badOrMissingSignatureIsUnauthorized() {
    String body = githubPush("refs/heads/main", "ab".repeat(20), false);
    assertThat(github("push", "d1", body, null).status()).isEqualTo(401);
    assertThat(
            github(
                    "push",
                    "d1",
                    body,
                    GithubSignature.sign("wrong", body.getBytes(StandardCharsets.UTF_8)))
                .status())
        .isEqualTo(401);
    assertThat(github("push", "d1", body, "sha256=zz").status()).isEqualTo(401);
    String tampered = body.replace("main", "main ");
    assertThat(
            github(
                    "push",
                    "d1",
                    tampered,
                    GithubSignature.sign(SECRET, body.getBytes(StandardCharsets.UTF_8)))
                .status())
        .isEqualTo(401);
  }

  @Test
  void sha1OnlySignatureIsRefused() {
    Map<String, String> headers =
        Map.of("X-GitHub-Event", "push", "X-Hub-Signature", "sha1=abcdef");
    WebhookOutcome outcome =
        policy.decide(
            WebhookProvider.GITHUB,
            new WebhookRequest(headers, "{}".getBytes(StandardCharsets.UTF_8)));
    assertThat(outcome.status()).isEqualTo(401);
    assertThat(outcome.reason()).contains("SHA-1");
  }

  @Test
  void pingIsAnswered() {
    assertThat(signedGithub("ping", "p1", "{\"zen\":\"hi\"}").kind())
        .isEqualTo(WebhookOutcome.Kind.PING);
  }

  @Test
  void duplicateDeliveryTriggersOnce() {
    String body = githubPush("refs/heads/main", "ab".repeat(20), false);
    assertThat(signedGithub("push", "same", body).triggersFetch()).isTrue();
    assertThat(signedGithub("push", "same", body).kind()).isEqualTo(WebhookOutcome.Kind.DUPLICATE);
  }

  @Test
  void otherBranchTagAndDeletedRefAreIgnoredNotTriggered() {
    assertThat(
            signedGithub("push", "a", githubPush("refs/heads/dev", "ab".repeat(20), false)).kind())
        .isEqualTo(WebhookOutcome.Kind.IGNORED);
    assertThat(signedGithub("push", "b", githubPush("refs/tags/v1", "ab".repeat(20), false)).kind())
        .isEqualTo(WebhookOutcome.Kind.IGNORED);
    WebhookOutcome deleted =
        signedGithub("push", "c", githubPush("refs/heads/main", "0".repeat(40), true));
    assertThat(deleted.kind()).isEqualTo(WebhookOutcome.Kind.IGNORED);
    assertThat(deleted.reason()).contains("deleted");
  }

  @Test
  void valuesFromTheRequestAreCutShortInTheReason() {
    String hugeRef = "refs/heads/" + "x".repeat(1_000_000);
    WebhookOutcome otherRef =
        signedGithub("push", "d9", githubPush(hugeRef, "ab".repeat(20), false));
    WebhookOutcome otherEvent = signedGithub("e".repeat(10_000), "d10", "{}");

    assertThat(otherRef.kind()).isEqualTo(WebhookOutcome.Kind.IGNORED);
    assertThat(otherRef.reason()).startsWith("ref refs/heads/xxx").hasSizeLessThan(200);
    assertThat(otherEvent.kind()).isEqualTo(WebhookOutcome.Kind.IGNORED);
    assertThat(otherEvent.reason()).hasSizeLessThan(200);
  }

  @Test
  void otherRepositoryIsIgnored() {
    String body =
        githubPush("refs/heads/main", "ab".repeat(20), false).replace("acme/config", "acme/other");
    assertThat(signedGithub("push", "r", body).reason()).contains("repository");
  }

  @Test
  void malformedJsonIsA400OnlyOnceAuthenticated() {
    assertThat(signedGithub("push", "m", "{not json").status()).isEqualTo(400);
    assertThat(signedGithub("push", "m2", "[1,2]").status()).isEqualTo(400);
    assertThat(github("push", "m3", "{not json", "sha256=00").status()).isEqualTo(401);
  }

  @Test
  void withoutAConfiguredSecretEveryHookIsRefused() {
    WebhookPolicy open =
        new WebhookPolicy(
            "https://github.com/acme/config", "main", null, null, new RecentDeliveries(10));
    String body = githubPush("refs/heads/main", "ab".repeat(20), false);
    WebhookRequest request =
        new WebhookRequest(
            Map.of(
                "X-GitHub-Event",
                "push",
                "X-Hub-Signature-256",
                GithubSignature.sign("anything", body.getBytes(StandardCharsets.UTF_8))),
            body.getBytes(StandardCharsets.UTF_8));
    assertThat(open.decide(WebhookProvider.GITHUB, request).status()).isEqualTo(401);
  }

  private WebhookOutcome gitlab(String event, String token, String body) {
    Map<String, String> headers = new HashMap<>();
    headers.put("X-Gitlab-Event", event);
    if (token != null) {
      headers.put("X-Gitlab-Token", token);
    }
    return policy.decide(
        WebhookProvider.GITLAB, new WebhookRequest(headers, body.getBytes(StandardCharsets.UTF_8)));
  }

  static String gitlabPush(String ref) {
    return """
        {"object_kind":"push","ref":"%s","before":"1111111111111111111111111111111111111111",
         "after":"2222222222222222222222222222222222222222","total_commits_count":1,
         "project":{"git_http_url":"https://github.com/acme/config.git","git_ssh_url":"git@github.com:acme/config.git",
         "web_url":"https://github.com/acme/config"},"commits":[]}"""
        .formatted(ref);
  }

  @Test
  void gitlabPushWithTheTokenTriggersAndWithoutItIsUnauthorized() {
    assertThat(gitlab("Push Hook", TOKEN, gitlabPush("refs/heads/main")).triggersFetch()).isTrue();
    assertThat(gitlab("Push Hook", "nope", gitlabPush("refs/heads/main")).status()).isEqualTo(401);
    assertThat(gitlab("Push Hook", null, gitlabPush("refs/heads/main")).status()).isEqualTo(401);
    assertThat(gitlab("Tag Push Hook", TOKEN, gitlabPush("refs/tags/v2")).kind())
        .isEqualTo(WebhookOutcome.Kind.IGNORED);
    assertThat(gitlab("Issue Hook", TOKEN, "{}").kind()).isEqualTo(WebhookOutcome.Kind.IGNORED);
  }
}
