package io.mooring.forge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The git host API token: a file read at every request (a rotated Secret is picked up), or a value
 * given in the environment. {@link #toString()} never shows the value.
 */
public final class ApiToken {
  private final Path file;
  private final String value;

  private ApiToken(Path file, String value) {
    this.file = file;
    this.value = value;
  }

  public static ApiToken file(Path file) {
    return new ApiToken(file, null);
  }

  public static ApiToken value(String value) {
    return new ApiToken(null, value.strip());
  }

  /** The token, without the newline a mounted Secret often ends with. */
  String read() throws IOException {
    if (value != null) {
      if (value.isEmpty()) {
        throw new IOException("the API token is empty");
      }
      return value;
    }
    String token;
    try {
      token = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IOException("cannot read the API token file " + file, e);
    }
    if (token.isEmpty()) {
      throw new IOException("the API token file " + file + " is empty");
    }
    return token;
  }

  @Override
  public String toString() {
    return file != null ? "file " + file : "(from the environment)";
  }
}
