package io.mooring.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pure packages turn data into data: no Kubernetes client, HTTP server, git, metrics registry,
 * NATS client, network or child process. Reading files is allowed, and so are jnats' NKeys and JWT
 * encoder, which only sign and encode (the rendering of NATS operator mode uses them). Scans the
 * sources, so fully qualified uses are caught as well as imports; packages that do not exist yet
 * are skipped.
 */
class PurePackagesTest {
  private static final Path SOURCES = Path.of("src", "main", "java", "io", "mooring", "core");
  private static final List<String> PURE_PACKAGES =
      List.of("spec", "source", "render", "diff", "plan", "health", "redisops", "tls");
  // The fabric8 model (io.fabric8.kubernetes.api) is data and allowed; its client is not.
  private static final Pattern FORBIDDEN =
      Pattern.compile(
          "\\b(io\\.fabric8\\.kubernetes\\.client|io\\.vertx|org\\.eclipse\\.jgit|io\\.micrometer|java\\.net)\\.|\\bProcessBuilder\\b|\\bRuntime\\.getRuntime\\(\\)\\.exec\\b"
              + "|\\bio\\.nats\\.(?!client\\.NKey\\b|client\\.support\\.(JwtUtils|JsonSerializable)\\b)");
  private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

  @Test
  void purePackagesUseNoClientNetworkGitMetricsOrProcesses() throws IOException {
    List<String> violations = new ArrayList<>();
    int scanned = 0;
    for (String name : PURE_PACKAGES) {
      Path dir = SOURCES.resolve(name);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      List<Path> sources;
      try (Stream<Path> walk = Files.walk(dir)) {
        sources = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
      }
      for (Path source : sources) {
        scanned++;
        violations.addAll(violationsIn(source));
      }
    }
    assertThat(scanned).as("source files scanned").isGreaterThan(10);
    assertThat(violations).isEmpty();
  }

  @Test
  void theScanRecognisesForbiddenUses() {
    assertThat(find("import io.fabric8.kubernetes.client.KubernetesClient;")).isNotEmpty();
    assertThat(find("var url = new java.net.URL(x);")).isNotEmpty();
    assertThat(find("new ProcessBuilder(\"sh\").start();")).isNotEmpty();
    assertThat(find("import io.vertx.core.Vertx;")).isNotEmpty();
    assertThat(find("import org.eclipse.jgit.api.Git;")).isNotEmpty();
    assertThat(find("import io.micrometer.core.instrument.Counter;")).isNotEmpty();
    assertThat(find("import io.nats.client.Connection;")).isNotEmpty();
    assertThat(find("import io.nats.client.Nats;")).isNotEmpty();
    assertThat(find("import io.nats.client.NKey;")).isEmpty();
    assertThat(find("import io.nats.client.support.JwtUtils;")).isEmpty();
    assertThat(find("import io.fabric8.kubernetes.api.model.Quantity;")).isEmpty();
    assertThat(find("// a comment about java.net.URL\nint x;")).isEmpty();
  }

  private static List<String> violationsIn(Path source) throws IOException {
    return find(Files.readString(source)).stream().map(use -> source + ": " + use).toList();
  }

  private static List<String> find(String code) {
    Matcher matcher = FORBIDDEN.matcher(COMMENTS.matcher(code).replaceAll(""));
    List<String> found = new ArrayList<>();
    while (matcher.find()) {
      found.add(matcher.group());
    }
    return found;
  }
}
