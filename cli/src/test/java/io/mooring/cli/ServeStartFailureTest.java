package io.mooring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mooring serve} that cannot start says why in one line and exits, instead of hanging
 * half-started.
 */
class ServeStartFailureTest {
  @TempDir Path dir;

  @Test
  void aTakenHttpPortIsAClearErrorAndExitCodeOne() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      PrintStream original = System.err;
      int exitCode;
      try {
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        exitCode =
            Main.run(
                "serve",
                "--sandbox",
                "--repo",
                Path.of("..").toAbsolutePath().normalize().toString(),
                "--path",
                "examples/apps",
                "--data-dir",
                dir.toString(),
                "--http-address",
                "127.0.0.1",
                "--http-port",
                String.valueOf(taken.getLocalPort()),
                "--webhook-port",
                String.valueOf(taken.getLocalPort()));
      } finally {
        System.setErr(original);
      }

      assertThat(exitCode).isEqualTo(1);
      // Other tests' servers in this JVM may log to stderr meanwhile: look at Mooring's own lines
      // only.
      String ours =
          err.toString(StandardCharsets.UTF_8)
              .lines()
              .filter(line -> line.startsWith("mooring") || line.contains("io.mooring"))
              .collect(java.util.stream.Collectors.joining("\n"));
      assertThat(ours)
          .startsWith("mooring serve: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ")
          .contains("in use")
          .doesNotContain("at io.mooring");
      assertThat(Thread.getAllStackTraces().keySet())
          .as("threads of the half-started daemon are stopped")
          // Only the daemon's own threads can be told apart: Vert.x numbers its threads across
          // every
          // instance in the JVM, and other tests' servers may start new ones at any time.
          .noneMatch(thread -> thread.getName().startsWith("mooring-"));
    }
  }
}
