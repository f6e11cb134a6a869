package io.mooring.gitsync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a secret is read from, at the moment it is needed. toString names the source, never the
 * value.
 */
public sealed interface SecretSource {

  /**
   * Reads the secret now; surrounding whitespace (the trailing newline of most Secret files) is
   * dropped.
   */
  String read() throws GitAuthException;

  /** A file, typically a key of a Kubernetes Secret mounted as a volume. */
  record FromFile(Path file) implements SecretSource {
    public FromFile {
      Objects.requireNonNull(file, "secret file is required");
    }

    @Override
    public String read() throws GitAuthException {
      try {
        return nonEmpty(Files.readString(file, StandardCharsets.UTF_8).strip(), "file " + file);
      } catch (IOException e) {
        throw new GitAuthException(
            "cannot read secret file " + file + ": " + e.getClass().getSimpleName());
      }
    }
  }

  /**
   * An environment variable, typically filled from a Secret with {@code valueFrom.secretKeyRef}.
   */
  record FromEnv(String variable) implements SecretSource {
    public FromEnv {
      if (variable == null || variable.isBlank()) {
        throw new IllegalArgumentException("secret environment variable name is required");
      }
    }

    @Override
    public String read() throws GitAuthException {
      String value = System.getenv(variable);
      if (value == null) {
        throw new GitAuthException("environment variable " + variable + " is not set");
      }
      return nonEmpty(value.strip(), "environment variable " + variable);
    }
  }

  private static String nonEmpty(String value, String origin) throws GitAuthException {
    if (value.isEmpty()) {
      throw new GitAuthException("secret from " + origin + " is empty");
    }
    return value;
  }
}
