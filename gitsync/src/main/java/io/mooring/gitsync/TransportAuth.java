package io.mooring.gitsync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * The credentials of one fetch, built from {@link GitAuth} just before it so that rotated secrets
 * and keys are picked up. Closing it releases the SSH client.
 */
final class TransportAuth implements AutoCloseable {

  private final CredentialsProvider credentials;
  private final SshdSessionFactory sshSessions;
  private final String secret;

  private TransportAuth(
      CredentialsProvider credentials, SshdSessionFactory sshSessions, String secret) {
    this.credentials = credentials;
    this.sshSessions = sshSessions;
    this.secret = secret;
  }

  /**
   * @param sshHome a private directory used as SSH home, so the user's own ~/.ssh is never
   *     consulted
   */
  static TransportAuth prepare(GitAuth auth, Path sshHome) throws GitAuthException {
    if (auth instanceof GitAuth.HttpsBasic basic) {
      String password = basic.password().read();
      return new TransportAuth(
          new UsernamePasswordCredentialsProvider(basic.username(), password), null, password);
    }
    if (auth instanceof GitAuth.SshKey key) {
      if (!Files.isReadable(key.privateKey())) {
        throw new GitAuthException("ssh private key file " + key.privateKey() + " is not readable");
      }
      return new TransportAuth(null, sshSessions(key, sshHome), null);
    }
    return new TransportAuth(null, null, null);
  }

  private static SshdSessionFactory sshSessions(GitAuth.SshKey key, Path sshHome) {
    FixedSshConfig config = new FixedSshConfig(key);
    return new SshdSessionFactoryBuilder()
        .setHomeDirectory(sshHome.toFile())
        .setSshDirectory(sshHome.toFile())
        .setPreferredAuthentications("publickey")
        .setDefaultIdentities(dir -> List.of(key.privateKey()))
        .setDefaultKnownHostsFiles(dir -> List.of(key.knownHosts()))
        .setConfigStoreFactory((home, file, user) -> config)
        .build(null);
  }

  CredentialsProvider credentials() {
    return credentials;
  }

  TransportConfigCallback callback() {
    return transport -> {
      if (sshSessions != null && transport instanceof SshTransport ssh) {
        ssh.setSshSessionFactory(sshSessions);
      }
    };
  }

  /** The secret value, so that error messages can be scrubbed of it; null when there is none. */
  String secret() {
    return secret;
  }

  @Override
  public void close() {
    if (sshSessions != null) {
      sshSessions.close();
    }
  }
}
