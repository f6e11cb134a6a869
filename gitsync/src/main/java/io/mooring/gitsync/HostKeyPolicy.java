package io.mooring.gitsync;

/**
 * What to do with an SSH server whose key is not in known_hosts. A changed key is always refused.
 */
public enum HostKeyPolicy {
  /** Refuse unknown hosts: the only safe default, since a first connection could be intercepted. */
  STRICT,
  /** Trust an unknown host on first contact and remember its key (OpenSSH's {@code accept-new}). */
  ACCEPT_NEW
}
