package io.mooring.daemon;

import io.mooring.gitsync.GitAuth;
import io.mooring.gitsync.GitSource;
import io.mooring.gitsync.HostKeyPolicy;
import io.mooring.gitsync.SecretSource;
import java.nio.file.Path;

/** The git remote and its credentials as {@code mooring serve} was told them. */
final class GitSources {
  private GitSources() {}

  static GitSource from(DaemonConfig config) {
    return new GitSource(remote(config.repo()), config.branch(), config.path(), auth(config));
  }

  /** A plain local path is a remote too: JGit wants it as a file:// URI. */
  static String remote(String repo) {
    if (repo.contains("://") || repo.matches("^[^/]+@[^/:]+:.*")) {
      return repo;
    }
    return Path.of(repo).toAbsolutePath().normalize().toUri().toString();
  }

  private static GitAuth auth(DaemonConfig config) {
    if (config.gitSshKeyFile() != null) {
      Path knownHosts = config.gitKnownHostsFile();
      return new GitAuth.SshKey(
          config.gitSshKeyFile(),
          knownHosts,
          config.gitAcceptNewHostKeys() ? HostKeyPolicy.ACCEPT_NEW : HostKeyPolicy.STRICT);
    }
    if (config.gitTokenFile() != null) {
      // Hosts accept a token as the password of any user name; "git" is the common convention.
      return new GitAuth.HttpsBasic("git", new SecretSource.FromFile(config.gitTokenFile()));
    }
    return GitAuth.none();
  }
}
