package io.mooring.gitsync;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How Mooring authenticates to the remote. Secrets are referenced, never held: they are read at
 * each fetch, so a rotated Kubernetes Secret mounted as a file takes effect without a restart.
 */
public sealed interface GitAuth {

  static GitAuth none() {
    return new None();
  }

  /** Anonymous access (public repository, or credentials handled outside Mooring). */
  record None() implements GitAuth {}

  /**
   * HTTP(S) basic authentication. For a token, the username is whatever the host expects (GitHub
   * accepts any non-empty name, e.g. {@code x-access-token}; GitLab {@code oauth2}).
   */
  record HttpsBasic(String username, SecretSource password) implements GitAuth {
    public HttpsBasic {
      if (username == null || username.isBlank()) {
        throw new IllegalArgumentException("https auth: username is required");
      }
      Objects.requireNonNull(password, "https auth: password source is required");
    }

    @Override
    public String toString() {
      return "HttpsBasic[username=" + username + ", password=" + password + "]";
    }
  }

  /**
   * An SSH private key (unencrypted: a daemon has nobody to type a passphrase) and the known_hosts
   * file the server's key is checked against. With {@link HostKeyPolicy#ACCEPT_NEW} an unknown
   * host's key is appended to {@code knownHosts}, which must then be writable.
   */
  record SshKey(Path privateKey, Path knownHosts, HostKeyPolicy hostKeyPolicy) implements GitAuth {
    public SshKey {
      Objects.requireNonNull(privateKey, "ssh auth: private key file is required");
      Objects.requireNonNull(knownHosts, "ssh auth: known_hosts file is required");
      hostKeyPolicy = Objects.requireNonNullElse(hostKeyPolicy, HostKeyPolicy.STRICT);
    }
  }
}
