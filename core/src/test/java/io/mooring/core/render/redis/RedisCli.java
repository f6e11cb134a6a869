package io.mooring.core.render.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Talks to a Redis or Sentinel process through the real redis-cli; the password goes through its
 * env.
 */
public final class RedisCli {
  private RedisCli() {}

  /** The raw reply (errors included), or "" when the server cannot be reached. */
  public static String call(String password, String host, int port, String... args) {
    return call(List.of(), password, host, port, args);
  }

  /**
   * As {@link #call(String, String, int, String...)} with redis-cli's connection options first
   * ({@code --tls --cacert <file>}).
   */
  public static String call(
      List<String> options, String password, String host, int port, String... args) {
    List<String> command = new ArrayList<>(List.of("redis-cli"));
    command.addAll(options);
    command.addAll(List.of("--no-auth-warning", "-h", host, "-p", Integer.toString(port), "--raw"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("REDISCLI_AUTH");
    if (password != null) {
      builder.environment().put("REDISCLI_AUTH", password);
    }
    try {
      Process process = builder.start();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return "";
      }
      String out =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return out.startsWith("Could not connect") ? "" : out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** One field of an INFO section, e.g. {@code role} or {@code master_link_status}. */
  public static String infoField(String info, String field) {
    return info.lines()
        .filter(line -> line.startsWith(field + ":"))
        .map(line -> line.substring(field.length() + 1))
        .findFirst()
        .orElse("");
  }
}
