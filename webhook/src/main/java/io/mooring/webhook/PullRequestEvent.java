package io.mooring.webhook;

import java.util.List;

/**
 * What Mooring takes from a pull-request (GitHub) or merge-request (GitLab) event to preview it.
 *
 * @param number the pull request's number, the merge request's iid
 * @param baseBranch the branch it would merge into, without {@code refs/heads/}
 * @param headSha the commit to preview
 * @param headRef where the host keeps the head for anyone who can fetch the base repository: {@code
 *     refs/pull/<n>/head} or {@code refs/merge-requests/<iid>/head} (forks included)
 */
public record PullRequestEvent(
    WebhookProvider provider,
    long number,
    String action,
    String baseBranch,
    String headSha,
    String headRef,
    List<String> repositoryUrls) {

  public PullRequestEvent {
    repositoryUrls = List.copyOf(repositoryUrls);
  }
}
