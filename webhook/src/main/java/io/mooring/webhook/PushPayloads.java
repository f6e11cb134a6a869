package io.mooring.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the few fields Mooring needs from GitHub and GitLab push payloads. */
final class PushPayloads {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PushPayloads() {}

  static PushEvent github(byte[] body) throws MalformedPayloadException {
    JsonNode root = parse(body);
    JsonNode repository = root.path("repository");
    List<String> urls = texts(repository, "clone_url", "ssh_url", "html_url", "git_url", "url");
    return new PushEvent(
        urls,
        requiredText(root, "ref"),
        root.path("after").asText(""),
        root.path("deleted").asBoolean(false));
  }

  static PushEvent gitlab(byte[] body) throws MalformedPayloadException {
    JsonNode root = parse(body);
    List<String> urls =
        new ArrayList<>(
            texts(
                root.path("project"),
                "git_http_url",
                "git_ssh_url",
                "web_url",
                "http_url",
                "ssh_url"));
    urls.addAll(texts(root.path("repository"), "git_http_url", "git_ssh_url", "homepage", "url"));
    return new PushEvent(urls, requiredText(root, "ref"), root.path("after").asText(""), false);
  }

  private static JsonNode parse(byte[] body) throws MalformedPayloadException {
    try {
      JsonNode root = JSON.readTree(body);
      if (root == null || !root.isObject()) {
        throw new MalformedPayloadException("payload is not a JSON object");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new MalformedPayloadException("payload is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedPayloadException("payload could not be read");
    }
  }

  private static String requiredText(JsonNode node, String field) throws MalformedPayloadException {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new MalformedPayloadException("payload has no \"" + field + "\" string");
    }
    return value.asText();
  }

  private static List<String> texts(JsonNode node, String... fields) {
    List<String> out = new ArrayList<>();
    for (String field : fields) {
      JsonNode value = node.get(field);
      if (value != null && value.isTextual() && !value.asText().isBlank()) {
        out.add(value.asText());
      }
    }
    return out;
  }
}
