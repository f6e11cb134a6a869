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
        .contains("leader election on the Lease mooring-system/mooring-leader")
        .doesNotContain("git.repo is empty");
  }

  @Test
  void withDefaultsExplainsWhatIsMissingAndHowToCreateTheSecret() {
    String notes = HelmChart.notes(null);

    assertThat(notes)
        .contains("git.repo is empty")
        .contains("kubectl -n mooring-system create secret generic mooring-webhooks")
        .contains("--set webhooks.existingSecret=mooring-webhooks")
        .contains("port-forward svc/mooring-webhook 8080:80")
        .contains("/hooks/github")
        .contains("/hooks/gitlab");
  }
}
