package io.mooring.preview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mooring.forge.ForgeClient;
import io.mooring.forge.ForgeKind;
import io.mooring.forge.ForgeProject;
import java.io.IOException;

/**
 * Keeps one preview comment per pull request and cluster: the comments are listed (page by page)
 * and the one carrying the marker is edited; only when there is none is a comment added. GitHub:
 * the issue comments API ({@code PATCH /repos/{o}/{r}/issues/comments/{id}}); GitLab: merge request
 * notes ({@code PUT /projects/{id}/merge_requests/{iid}/notes/{note_id}}).
 */
final class PreviewComments {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PER_PAGE = 100;

  /** A pull request with more comments than this gets a new preview comment: bounded work. */
  private static final int MAX_PAGES = 20;

  private final ForgeClient client;

  PreviewComments(ForgeClient client) {
    this.client = client;
  }

  /** Creates or updates the comment; returns its id. */
  long upsert(long number, String marker, String body) throws IOException {
    ForgeProject project = client.project();
    String json = JSON.createObjectNode().put("body", body).toString();
    Long existing = find(number, marker);
    ForgeClient.Answer answer =
        existing == null
            ? client.send("POST", project.commentsPath(number), json)
            : client.send(
                project.kind() == ForgeKind.GITHUB ? "PATCH" : "PUT",
                project.commentPath(number, existing),
                json);
    if (!answer.ok()) {
      throw new IOException(
          (existing == null ? "adding" : "updating")
              + " the preview comment answered HTTP "
              + answer.status());
    }
    return existing != null ? existing : JSON.readTree(answer.body()).path("id").asLong();
  }

  private Long find(long number, String marker) throws IOException {
    for (int page = 1; page <= MAX_PAGES; page++) {
      ForgeClient.Answer answer =
          client.send(
              "GET",
              client.project().commentsPath(number) + "?per_page=" + PER_PAGE + "&page=" + page,
              null);
      if (!answer.ok()) {
        throw new IOException("listing comments answered HTTP " + answer.status());
      }
      JsonNode comments = JSON.readTree(answer.body());
      if (comments == null || !comments.isArray()) {
        throw new IOException("listing comments did not answer a list");
      }
      for (JsonNode comment : comments) {
        if (comment.path("body").asText("").startsWith(marker)) {
          return comment.path("id").asLong();
        }
      }
      if (comments.size() < PER_PAGE) {
        return null;
      }
    }
    return null;
  }
}
