package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page as a person sees it: a real headless Chromium loads it from a running daemon that
 * observes a drifted app. The screenshot is kept in {@code target/status-page.png}.
 */
class StatusPageBrowserIT {
  private static final String[] EXAMPLES = {
    "default/redis-replicated.yaml", "tenant-x/nats.yaml", "tenant-y/nats-replicated.yaml"
  };

  /** A guard against hanging, not a measured bound. */
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir static Path dir;
  private static Path chromium;
  private static DaemonFixture fixture;
  private static Daemon daemon;

  @BeforeAll
  static void startWithADriftedApp() throws Exception {
    chromium = RequiredBinary.require("chromium", "chromium");
    fixture = DaemonFixture.create(dir, EXAMPLES);
    // Apply once, then observe: the drift made below stays for the browser to see.
    try (Daemon applier = fixture.start("apply", config -> config)) {
      await("applied").atMost(PATIENCE).until(() -> applier.ready() && applier.apps().size() == 3);
    }
    daemon = fixture.start("observe", config -> config.mode(DaemonConfig.Mode.OBSERVE));
    await("observing").atMost(PATIENCE).until(() -> daemon.ready() && daemon.apps().size() == 3);
    fixture
        .kube()
        .apps()
        .statefulSets()
        .inNamespace("default")
        .withName("cache-redis")
        .edit(
            set -> {
              set.getSpec().setReplicas(1);
              return set;
            });
    await("drift seen")
        .atMost(PATIENCE)
        .until(
            () ->
                daemon.apps().stream()
                    .anyMatch(app -> app.name().equals("cache") && app.status().equals("drifted")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void theRenderedPageListsTheAppsAndTheDriftedFields() throws Exception {
    String dom = chromium("--dump-dom");

    assertThat(dom).contains("<table id=\"apps\"");
    for (String app :
        List.of("app-redis-default-cache", "app-nats-tenant-x-nats", "app-nats-tenant-y-bus")) {
      assertThat(dom).as(app).contains("id=\"" + app + "\"");
    }
    String cacheRow = dom.substring(dom.indexOf("id=\"app-redis-default-cache\""));
    cacheRow = cacheRow.substring(0, cacheRow.indexOf("</tr>"));
    assertThat(cacheRow)
        .contains(
            "drifted",
            "StatefulSet",
            "cache-redis",
            "<code>spec.replicas</code>: git <code>3</code>, cluster <code>1</code>");
    assertThat(dom).contains("Mode: observe");
  }

  @Test
  void aScreenshotOfThePageIsProduced() throws Exception {
    Path png = Path.of("target", "status-page.png").toAbsolutePath();
    Files.createDirectories(png.getParent());
    Files.deleteIfExists(png);

    chromium("--screenshot=" + png, "--window-size=1280,900");

    byte[] image = Files.readAllBytes(png);
    assertThat(image).as("a PNG file").startsWith(0x89, 'P', 'N', 'G');
    assertThat(image.length).as("more than a blank page").isGreaterThan(20_000);
  }

  /** Runs headless Chromium on the page with a fresh profile; returns what it printed on stdout. */
  private static String chromium(String... action) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(dir, "chromium-profile");
    List<String> command =
        new ArrayList<>(
            List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile));
    command.addAll(List.of(action));
    command.add(new DaemonClient(daemon.port()).base().toString());
    Path out = dir.resolve("chromium.out");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(dir.resolve("chromium.err").toFile())
            .start();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError(
            "chromium did not finish within 60 s: "
                + Files.readString(dir.resolve("chromium.err")));
      }
    } finally {
      process.destroyForcibly();
    }
    assertThat(process.exitValue()).as(Files.readString(dir.resolve("chromium.err"))).isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
