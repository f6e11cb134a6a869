package io.mooring.webhook;

/**
 * What became of one webhook request. {@code label} is the bounded value of the {@code outcome}
 * label on {@code mooring_webhook_requests_total}; {@code reason} is for the response body and the
 * log.
 */
public record WebhookOutcome(Kind kind, int status, String reason, PullRequestEvent pullRequest) {

  public WebhookOutcome(Kind kind, int status, String reason) {
    this(kind, status, reason, null);
  }

  public enum Kind {
    TRIGGERED("triggered"),
    PREVIEW("preview"),
    PING("ping"),
    IGNORED("ignored"),
    DUPLICATE("duplicate"),
    UNAUTHORIZED("unauthorized"),
    MALFORMED("malformed"),
    TOO_LARGE("too_large");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public static WebhookOutcome triggered() {
    return new WebhookOutcome(Kind.TRIGGERED, 202, "fetch scheduled");
  }

  /** A pull or merge request into the followed branch: its head is to be previewed. */
  public static WebhookOutcome preview(PullRequestEvent event) {
    return new WebhookOutcome(Kind.PREVIEW, 202, "preview scheduled", event);
  }

  public static WebhookOutcome ping() {
    return new WebhookOutcome(Kind.PING, 200, "pong");
  }

  public static WebhookOutcome ignored(String reason) {
    return new WebhookOutcome(Kind.IGNORED, 202, reason);
  }

  public static WebhookOutcome duplicate() {
    return new WebhookOutcome(Kind.DUPLICATE, 202, "delivery already received");
  }

  public static WebhookOutcome unauthorized(String reason) {
    return new WebhookOutcome(Kind.UNAUTHORIZED, 401, reason);
  }

  public static WebhookOutcome malformed(String reason) {
    return new WebhookOutcome(Kind.MALFORMED, 400, reason);
  }

  public static WebhookOutcome tooLarge() {
    return new WebhookOutcome(Kind.TOO_LARGE, 413, "body too large");
  }

  public boolean triggersFetch() {
    return kind == Kind.TRIGGERED;
  }
}
