package io.mooring.chart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What `helm install` tells the user: where to point GitHub and GitLab, and which secret to paste.
 */
class ChartNotesIT {

  @Test
  void printsTheWebhookUrlsAndHowToReadTheSecrets() {
    String notes = HelmChart.notes(ChartFiles.ciValues("all-features-values.yaml"));

    assertThat(notes)
        .contains("GitHub: https://mooring.acme.example/hooks/github")
        .contains("GitLab: https://mooring.acme.example/hooks/gitlab")
        .contains(
            "kubectl -n mooring-system get secret mooring-webhooks -o jsonpath='{.data.github-secret}' | base64 -d")
        .contains(
            "kubectl -n mooring-system get secret mooring-webhooks -o jsonpath='{.data.gitlab-token}' | base64 -d")
        .contains("leader election on the Lease mooring-system/mooring-eu-1")
        .contains("serves the webhook paths alone, on their own port")
        .contains("Status page as published: https://mooring.internal.acme.example/")
        .doesNotContain("http://<address>");
  }

  @Test
  void withDefaultsExplainsWhatIsMissingAndHowToCreateTheSecret() {
    String notes = HelmChart.notes(null);

    assertThat(notes)
        .contains("leader election on the Lease mooring-system/mooring-leader")
        .contains("Status and metrics stay inside the cluster")
        .contains("kubectl -n mooring-system create secret generic mooring-webhooks")
        .contains("--set webhooks.existingSecret=mooring-webhooks")
        .contains("port-forward svc/mooring-webhook 8080:80")
        .contains("/hooks/github")
        .contains("/hooks/gitlab");
  }

  @Test
  void aLoadBalancerIsGivenToGitHostsOnlyBehindHttps(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path values = dir.resolve("lb.yaml");
    java.nio.file.Files.writeString(
        values,
        "git:\n  repo: " + HelmChart.REPO + "\nservice:\n  webhook:\n    type: LoadBalancer\n");

    String notes = HelmChart.notes(values);

    assertThat(notes)
        .contains("GitHub: https://<host>/hooks/github")
        .contains("terminate TLS in front of it")
        .doesNotContain("http://<");
  }
}
