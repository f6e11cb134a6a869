package io.mooring.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the few fields a preview needs from GitHub pull_request and GitLab merge_request events.
 */
final class PullRequestPayloads {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SHA = "^[0-9a-f]{40}$";

  private PullRequestPayloads() {}

  static PullRequestEvent github(byte[] body) throws MalformedPayloadException {
    JsonNode root = parse(body);
    JsonNode pull = root.path("pull_request");
    long number = root.path("number").asLong(pull.path("number").asLong(0));
    String headSha = pull.path("head").path("sha").asText("");
    if (number <= 0 || !headSha.matches(SHA)) {
      throw new MalformedPayloadException("pull_request payload has no number or head sha");
    }
    List<String> urls = new ArrayList<>();
    urls.addAll(texts(pull.path("base").path("repo"), "clone_url", "ssh_url", "html_url"));
    urls.addAll(texts(root.path("repository"), "clone_url", "ssh_url", "html_url"));
    return new PullRequestEvent(
        WebhookProvider.GITHUB,
        number,
        root.path("action").asText(""),
        pull.path("base").path("ref").asText(""),
        headSha,
        "refs/pull/" + number + "/head",
        urls);
  }

  static PullRequestEvent gitlab(byte[] body) throws MalformedPayloadException {
    JsonNode root = parse(body);
    JsonNode attributes = root.path("object_attributes");
    long iid = attributes.path("iid").asLong(0);
    String headSha = attributes.path("last_commit").path("id").asText("");
    if (iid <= 0 || !headSha.matches(SHA)) {
      throw new MalformedPayloadException("merge_request payload has no iid or last commit");
    }
    List<String> urls = new ArrayList<>();
    urls.addAll(texts(attributes.path("target"), "git_http_url", "git_ssh_url", "web_url"));
    urls.addAll(texts(root.path("project"), "git_http_url", "git_ssh_url", "web_url"));
    return new PullRequestEvent(
        WebhookProvider.GITLAB,
        iid,
        attributes.path("action").asText(""),
        attributes.path("target_branch").asText(""),
        headSha,
        "refs/merge-requests/" + iid + "/head",
        urls);
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
