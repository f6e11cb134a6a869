package io.mooring.gitsync;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.UploadPack;

/**
 * Serves repositories over SSH on loopback with Apache MINA sshd (the library JGit's client is
 * built on): public-key authentication for one authorized key, and {@code git-upload-pack} run by
 * JGit.
 */
final class GitSshServer implements AutoCloseable {

  private final SshServer server;
  private final KeyPair hostKey;
  private final AtomicReference<PublicKey> authorizedKey = new AtomicReference<>();
  private final Map<String, Repository> repositories = new ConcurrentHashMap<>();

  private GitSshServer(SshServer server, KeyPair hostKey) {
    this.server = server;
    this.hostKey = hostKey;
  }

  static GitSshServer start() throws IOException, GeneralSecurityException {
    KeyPair hostKey = newKeyPair();
    SshServer server = SshServer.setUpDefaultServer();
    GitSshServer git = new GitSshServer(server, hostKey);
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    server.setPublickeyAuthenticator(
        (user, key, session) -> KeyUtils.compareKeys(key, git.authorizedKey.get()));
    server.setCommandFactory((channel, command) -> git.new UploadPackCommand(command));
    server.start();
    return git;
  }

  static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  void authorize(PublicKey key) {
    authorizedKey.set(key);
  }

  void serve(String name, Repository repository) {
    repositories.put(name, repository);
  }

  String uri(String name) {
    return "ssh://git@127.0.0.1:" + server.getPort() + "/" + name;
  }

  /** This server's line for a known_hosts file. */
  String knownHostsLine() {
    return knownHostsLine(hostKey.getPublic());
  }

  /** A known_hosts line claiming this server's address has {@code key}. */
  String knownHostsLine(PublicKey key) {
    return "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(key) + "\n";
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
  }

  /** Runs {@code git-upload-pack '/name'} against the named repository. */
  private final class UploadPackCommand implements Command {
    private final String command;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    UploadPackCommand(String command) {
      this.command = command;
    }

    @Override
    public void start(ChannelSession channel, Environment environment) {
      Thread worker = new Thread(this::run, "ssh-upload-pack");
      worker.setDaemon(true);
      worker.start();
    }

    private void run() {
      String prefix = "git-upload-pack ";
      String name =
          command.startsWith(prefix)
              ? command.substring(prefix.length()).replace("'", "").replaceFirst("^/", "")
              : "";
      Repository repository = repositories.get(name);
      if (repository == null) {
        exit.onExit(1, "unknown command or repository: " + command);
        return;
      }
      try {
        new UploadPack(repository).upload(in, out, err);
        out.flush();
        exit.onExit(0);
      } catch (IOException e) {
        exit.onExit(1, e.getMessage());
      }
    }

    @Override
    public void destroy(ChannelSession channel) {}

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
      this.exit = callback;
    }
  }
}
