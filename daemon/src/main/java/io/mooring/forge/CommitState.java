package io.mooring.forge;

/** What a commit status says about a commit, in Mooring's words. */
public enum CommitState {
  /** The commit is being applied. */
  PENDING,
  /** Every app of the commit synced. */
  SUCCESS,
  /** Some app failed, was blocked or has an invalid spec. */
  FAILURE,
  /** Mooring could not read the commit at all. */
  ERROR;

  /**
   * The value of the {@code state} field: GitHub knows pending, success, failure and error; GitLab
   * pending, running, success, failed and canceled (an apply under way is "running" there).
   */
  public String wire(ForgeKind kind) {
    return switch (kind) {
      case GITHUB ->
          switch (this) {
            case PENDING -> "pending";
            case SUCCESS -> "success";
            case FAILURE -> "failure";
            case ERROR -> "error";
          };
      case GITLAB ->
          switch (this) {
            case PENDING -> "running";
            case SUCCESS -> "success";
            case FAILURE, ERROR -> "failed";
          };
    };
  }
}
