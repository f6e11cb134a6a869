package io.mooring.gitsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SSH with a deploy key against a real SSH server: host keys are checked, the key file is what is
 * used.
 */
class SshAuthTest {

  @TempDir Path tmp;
  private RemoteRepo remote;
  private GitSshServer server;
  private KeyPair deployKey;
  private Path keyFile;
  private Path knownHosts;
  private GitMirror mirror;

  @BeforeEach
  void serve() throws Exception {
    remote = RemoteRepo.create(tmp.resolve("remote.git"), "main");
    remote.change().put("specs/app.yaml", "kind: Redis\n").commit("init");
    server = GitSshServer.start();
    server.serve("config.git", remote.repository());
    deployKey = GitSshServer.newKeyPair();
    server.authorize(deployKey.getPublic());
    keyFile = writeKey(deployKey);
    knownHosts = tmp.resolve("known_hosts");
  }

  @AfterEach
  void stop() throws Exception {
    if (mirror != null) {
      mirror.close();
    }
    server.close();
    remote.close();
  }

  private Path writeKey(KeyPair key) throws Exception {
    ByteArrayOutputStream pem = new ByteArrayOutputStream();
    OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(
        key, "deploy", (OpenSSHKeyEncryptionContext) null, pem);
    return Files.write(tmp.resolve("id_deploy"), pem.toByteArray());
  }

  private GitMirror open(HostKeyPolicy policy) throws Exception {
    GitAuth auth = new GitAuth.SshKey(keyFile, knownHosts, policy);
    mirror =
        GitMirror.open(
            new GitSource(server.uri("config.git"), "main", "specs", auth),
            tmp.resolve("work"),
            MirrorOptions.defaults(),
            new SimpleMeterRegistry());
    return mirror;
  }

  @Test
  void anUnknownHostIsRefusedByDefault() throws Exception {
    Files.writeString(knownHosts, "");
    GitMirror mirror = open(HostKeyPolicy.STRICT);

    assertThatThrownBy(mirror::fetch).isInstanceOf(GitFetchException.class);

    assertThat(mirror.current()).isEmpty();
    assertThat(mirror.status().lastError()).containsIgnoringCase("server key");
    assertThat(Files.readString(knownHosts)).as("nothing was learned").isEmpty();
  }

  @Test
  void aKnownHostIsAcceptedWithTheKeyFromTheFile() throws Exception {
    Files.writeString(knownHosts, server.knownHostsLine());
    GitMirror mirror = open(HostKeyPolicy.STRICT);

    assertThat(mirror.fetch().current().commit()).isEqualTo(remote.tip());
  }

  @Test
  void acceptNewLearnsAnUnknownHostOnFirstContact() throws Exception {
    Files.writeString(knownHosts, "");
    GitMirror mirror = open(HostKeyPolicy.ACCEPT_NEW);

    assertThat(mirror.fetch().current().commit()).isEqualTo(remote.tip());
    assertThat(Files.readString(knownHosts))
        .contains(server.knownHostsLine().split(" ", -1)[2].strip());
  }

  @Test
  void aChangedHostKeyIsRefusedEvenWhenNewHostsAreAccepted() throws Exception {
    Files.writeString(knownHosts, server.knownHostsLine(GitSshServer.newKeyPair().getPublic()));
    GitMirror mirror = open(HostKeyPolicy.ACCEPT_NEW);

    assertThatThrownBy(mirror::fetch).isInstanceOf(GitFetchException.class);
    assertThat(mirror.current()).isEmpty();
  }

  @Test
  void theKeyFileIsReadAtEachFetchSoARotatedKeyTakesEffect() throws Exception {
    Files.writeString(knownHosts, server.knownHostsLine());
    KeyPair oldKey = GitSshServer.newKeyPair();
    keyFile = writeKey(oldKey);
    GitMirror mirror = open(HostKeyPolicy.STRICT);

    assertThatThrownBy(mirror::fetch)
        .as("the server only knows the deploy key")
        .isInstanceOf(GitFetchException.class);

    writeKey(deployKey);
    assertThat(mirror.fetch().current().commit()).isEqualTo(remote.tip());
  }

  @Test
  void aMissingKeyFileIsAFetchFailureNamingTheFile() throws Exception {
    Files.writeString(knownHosts, server.knownHostsLine());
    Files.delete(keyFile);
    GitMirror mirror = open(HostKeyPolicy.STRICT);

    assertThatThrownBy(mirror::fetch)
        .isInstanceOf(GitFetchException.class)
        .hasMessageContaining(keyFile.toString());
  }
}
