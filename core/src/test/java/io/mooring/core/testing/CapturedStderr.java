package io.mooring.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What is written to standard error while it is open, where the tests' logger (slf4j-simple) writes
 * its lines; restores the original stream on close.
 */
public final class CapturedStderr implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  private CapturedStderr() {
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  public static CapturedStderr start() {
    return new CapturedStderr();
  }

  public String text() {
    System.err.flush();
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    System.setErr(original);
  }
}
