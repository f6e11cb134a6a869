package io.mooring.gitsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private repository behind HTTP basic authentication, as GitHub or GitLab serve one to a token.
 * Plain HTTP on loopback stands for HTTPS: the credential handling is the same.
 */
class HttpTokenTest {

  private static final String TOKEN = "glpat-s3cr3t-t0ken-value";

  /**
   * Set for the test JVM by the build (see the module's pom), as a Secret reference would set it.
   */
  private static final String TOKEN_VARIABLE = "MOORING_TEST_GIT_TOKEN";

  @TempDir Path tmp;
  private RemoteRepo remote;
  private GitHttpServer server;
  private GitMirror mirror;

  @BeforeEach
  void serve() throws Exception {
    remote = RemoteRepo.create(tmp.resolve("remote.git"), "main");
    remote.change().put("specs/app.yaml", "kind: Redis\n").commit("init");
    server = GitHttpServer.start("x-access-token", TOKEN);
    server.serve("private.git", remote.repository());
  }

  @AfterEach
  void stop() throws Exception {
    if (mirror != null) {
      mirror.close();
    }
    server.close();
    remote.close();
  }

  private GitMirror open(String uri, GitAuth auth) throws Exception {
    mirror =
        GitMirror.open(
            new GitSource(uri, "main", "specs", auth),
            tmp.resolve("work"),
            MirrorOptions.defaults(),
            new SimpleMeterRegistry());
    return mirror;
  }

  private Path tokenFile(String value) throws Exception {
    return Files.writeString(tmp.resolve("token"), value + "\n");
  }

  @Test
  void theTokenFromAFileIsAcceptedAndARotatedFileIsReadAtTheNextFetch() throws Exception {
    Path file = tokenFile("wrong-token");
    GitMirror mirror =
        open(
            server.uri("private.git"),
            new GitAuth.HttpsBasic("x-access-token", new SecretSource.FromFile(file)));

    assertThatThrownBy(mirror::fetch)
        .isInstanceOf(GitFetchException.class)
        .hasMessageContaining("not authorized")
        .hasMessageNotContaining("wrong-token");
    assertThat(mirror.current()).isEmpty();

    tokenFile(TOKEN);
    FetchResult result = mirror.fetch();

    assertThat(result.current().commit()).isEqualTo(remote.tip());
    assertThat(mirror.status().consecutiveFailures()).isZero();
  }

  @Test
  void noCredentialsAreRefusedWithAClearError() throws Exception {
    GitMirror mirror = open(server.uri("private.git"), GitAuth.none());

    assertThatThrownBy(mirror::fetch)
        .isInstanceOf(GitFetchException.class)
        .hasMessageContaining("uthentication");
    assertThat(mirror.status().consecutiveFailures()).isEqualTo(1);
  }

  @Test
  void theTokenFromAnEnvironmentVariableIsAccepted() throws Exception {
    assertThat(System.getenv(TOKEN_VARIABLE)).as("set by the build").isEqualTo(TOKEN);
    GitMirror mirror =
        open(
            server.uri("private.git"),
            new GitAuth.HttpsBasic("x-access-token", new SecretSource.FromEnv(TOKEN_VARIABLE)));

    assertThat(mirror.fetch().current().commit()).isEqualTo(remote.tip());
  }

  @Test
  void aMissingTokenFileIsAFetchFailureNamingTheFile() throws Exception {
    Path missing = tmp.resolve("no-such-token");
    GitMirror mirror =
        open(
            server.uri("private.git"),
            new GitAuth.HttpsBasic("x-access-token", new SecretSource.FromFile(missing)));

    assertThatThrownBy(mirror::fetch)
        .isInstanceOf(GitFetchException.class)
        .hasMessageContaining(missing.toString());
    assertThat(mirror.status().lastError()).contains(missing.toString());
  }

  @Test
  void credentialsInTheUriNeverReachLogsStatusOrErrors() throws Exception {
    String port = String.valueOf(server.port());
    String leakyUri = "http://x-access-token:" + TOKEN + "@127.0.0.1:" + port + "/private.git";
    String refusedUri =
        "http://x-access-token:" + TOKEN + "-old@127.0.0.1:" + port + "/private.git";
    PrintStream originalErr = System.err;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    GitFetchException refused;
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    try {
      GitMirror accepted = open(leakyUri, GitAuth.none());
      accepted.fetch();
      assertThat(accepted.status().uri())
          .isEqualTo("http://***@127.0.0.1:" + port + "/private.git");
      assertThat(accepted.source().toString()).doesNotContain(TOKEN);
      accepted.close();
      mirror = null;
      GitMirror rejected = open(refusedUri, GitAuth.none());
      refused =
          org.junit.jupiter.api.Assertions.assertThrows(GitFetchException.class, rejected::fetch);
      assertThat(rejected.status().lastError()).doesNotContain(TOKEN);
    } finally {
      System.setErr(originalErr);
    }
    assertThat(refused.getMessage()).contains("***@127.0.0.1").doesNotContain(TOKEN);
    String logged = logs.toString(StandardCharsets.UTF_8);
    assertThat(logged).contains("Reusing mirror", "failed").doesNotContain(TOKEN);
    String onDisk = Files.readString(tmp.resolve("work/mirror.git/config"));
    assertThat(onDisk).contains("***@127.0.0.1").doesNotContain(TOKEN);
  }
}
