package io.mooring.forge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The short reason a git host gives in an error answer, for the log. */
final class ForgeMessages {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_CHARS = 200;

  private ForgeMessages() {}

  /** GitHub's and GitLab's {@code message} field, else the start of the body. */
  static String of(ForgeClient.Answer answer) {
    String body = answer.body() == null ? "" : answer.body();
    try {
      JsonNode root = JSON.readTree(body);
      if (root != null && root.hasNonNull("message")) {
        return cut(root.get("message").toString());
      }
      if (root != null && root.hasNonNull("error")) {
        return cut(root.get("error").toString());
      }
    } catch (IOException e) {
      // Not JSON (a proxy's HTML page): its first characters say enough.
    }
    return cut(body.strip());
  }

  private static String cut(String text) {
    String line = text.replaceAll("\\s+", " ");
    return line.length() <= MAX_CHARS ? line : line.substring(0, MAX_CHARS) + "…";
  }
}
