package io.mooring.webhook;

import java.util.List;

/**
 * Decides what a webhook request means, without any I/O: authenticate first (nothing in an
 * unauthenticated body is even parsed), then read the event, then match repository and branch. The
 * result says "fetch now", "preview this pull request" or neither: the payload's commits and file
 * lists are not used.
 */
public final class WebhookPolicy {
  private static final List<String> GITHUB_ACTIONS = List.of("opened", "synchronize", "reopened");
  private static final List<String> GITLAB_ACTIONS = List.of("open", "reopen", "update");
  private static final int MAX_SHOWN_CHARS = 100;
  private final RepoUrlMatcher repository;
  private final String trackedRef;
  private final byte[] githubSecret;
  private final byte[] gitlabToken;
  private final RecentDeliveries deliveries;

  public WebhookPolicy(
      String remoteUrl,
      String branch,
      byte[] githubSecret,
      byte[] gitlabToken,
      RecentDeliveries deliveries) {
    this.repository = new RepoUrlMatcher(remoteUrl);
    this.trackedRef = "refs/heads/" + branch;
    this.githubSecret = githubSecret == null ? new byte[0] : githubSecret.clone();
    this.gitlabToken = gitlabToken == null ? new byte[0] : gitlabToken.clone();
    this.deliveries = deliveries;
  }

  public WebhookOutcome decide(WebhookProvider provider, WebhookRequest request) {
    return switch (provider) {
      case GITHUB -> github(request);
      case GITLAB -> gitlab(request);
    };
  }

  private WebhookOutcome github(WebhookRequest request) {
    if (githubSecret.length == 0) {
      return WebhookOutcome.unauthorized("no GitHub webhook secret is configured");
    }
    String signature = request.header("X-Hub-Signature-256");
    if (signature == null) {
      return WebhookOutcome.unauthorized(
          request.header("X-Hub-Signature") != null
              ? "SHA-1 signatures are not accepted; GitHub sends X-Hub-Signature-256 when the hook has a secret"
              : "missing X-Hub-Signature-256");
    }
    if (!GithubSignature.verify(githubSecret, request.body(), signature)) {
      return WebhookOutcome.unauthorized("signature does not match");
    }
    String event = request.header("X-GitHub-Event");
    if ("ping".equals(event)) {
      return WebhookOutcome.ping();
    }
    if (!"push".equals(event) && !"pull_request".equals(event)) {
      return WebhookOutcome.ignored(
          "event \"" + shown(event) + "\" is not handled; only push and pull_request are");
    }
    if (!deliveries.firstTime(request.header("X-GitHub-Delivery"))) {
      return WebhookOutcome.duplicate();
    }
    try {
      if ("pull_request".equals(event)) {
        return pullRequest(PullRequestPayloads.github(request.body()), GITHUB_ACTIONS);
      }
      return push(PushPayloads.github(request.body()));
    } catch (MalformedPayloadException e) {
      return WebhookOutcome.malformed(e.getMessage());
    }
  }

  private WebhookOutcome gitlab(WebhookRequest request) {
    if (gitlabToken.length == 0) {
      return WebhookOutcome.unauthorized("no GitLab webhook token is configured");
    }
    if (!GitlabToken.verify(gitlabToken, request.header("X-Gitlab-Token"))) {
      return WebhookOutcome.unauthorized(
          request.header("X-Gitlab-Token") == null
              ? "missing X-Gitlab-Token"
              : "token does not match");
    }
    String event = request.header("X-Gitlab-Event");
    if (!"Push Hook".equals(event)
        && !"Tag Push Hook".equals(event)
        && !"Merge Request Hook".equals(event)) {
      return WebhookOutcome.ignored(
          "event \""
              + shown(event)
              + "\" is not handled; only Push Hook, Tag Push Hook and Merge Request Hook are");
    }
    if (!deliveries.firstTime(request.header("X-Gitlab-Event-UUID"))) {
      return WebhookOutcome.duplicate();
    }
    try {
      if ("Merge Request Hook".equals(event)) {
        return pullRequest(PullRequestPayloads.gitlab(request.body()), GITLAB_ACTIONS);
      }
      return push(PushPayloads.gitlab(request.body()));
    } catch (MalformedPayloadException e) {
      return WebhookOutcome.malformed(e.getMessage());
    }
  }

  /**
   * A request into the followed branch whose code changed is previewed; closing, labelling or
   * editing the description changes nothing to preview.
   */
  private WebhookOutcome pullRequest(PullRequestEvent event, List<String> actions) {
    if (event.repositoryUrls().stream().noneMatch(repository::matches)) {
      return WebhookOutcome.ignored("repository is not the one Mooring follows");
    }
    if (!actions.contains(event.action())) {
      return WebhookOutcome.ignored(
          "action \"" + shown(event.action()) + "\" is not previewed; only " + actions + " are");
    }
    if (!trackedRef.equals("refs/heads/" + event.baseBranch())) {
      return WebhookOutcome.ignored(
          "base " + shown(event.baseBranch()) + " is not the tracked branch " + trackedRef);
    }
    return WebhookOutcome.preview(event);
  }

  private WebhookOutcome push(PushEvent push) {
    if (push.repositoryUrls().stream().noneMatch(repository::matches)) {
      return WebhookOutcome.ignored("repository is not the one Mooring follows");
    }
    if (!trackedRef.equals(push.ref())) {
      return WebhookOutcome.ignored(
          "ref " + shown(push.ref()) + " is not the tracked branch " + trackedRef);
    }
    if (push.refDeleted()) {
      // Acting on a deletion would make every spec vanish; the poller reports the missing branch
      // instead.
      return WebhookOutcome.ignored(
          "the tracked branch was deleted; nothing is pruned for a deleted ref");
    }
    return WebhookOutcome.triggered();
  }

  /**
   * A value from the request as the reason repeats it (in the answer and the log): cut short, since
   * a payload of megabytes could otherwise make one reason of megabytes.
   */
  private static String shown(String value) {
    if (value == null || value.length() <= MAX_SHOWN_CHARS) {
      return value;
    }
    return value.substring(0, MAX_SHOWN_CHARS) + "…";
  }
}
