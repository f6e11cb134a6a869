package io.mooring.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ForgeProjectTest {

  @Test
  void githubOwnerAndRepoComeFromEverySpellingOfTheRemote() {
    for (String remote :
        new String[] {
          "https://github.com/acme/config.git",
          "https://x-access-token:t@github.com/acme/config",
          "git@github.com:acme/config.git",
          "ssh://git@github.com/acme/config.git/"
        }) {
      ForgeProject project = ForgeProject.of(ForgeKind.GITHUB, remote, null, null);
      assertThat(project.apiUrl()).isEqualTo("https://api.github.com");
      assertThat(project.statusPath("abc")).isEqualTo("/repos/acme/config/statuses/abc");
    }
  }

  @Test
  void githubEnterpriseApiIsUnderApiV3OfItsHost() {
    ForgeProject project =
        ForgeProject.of(ForgeKind.GITHUB, "https://ghe.corp.example/ops/redis.git", null, null);
    assertThat(project.apiUrl()).isEqualTo("https://ghe.corp.example/api/v3");
    assertThat(project.commentsPath(7)).isEqualTo("/repos/ops/redis/issues/7/comments");
    assertThat(project.commentPath(7, 99)).isEqualTo("/repos/ops/redis/issues/comments/99");
  }

  @Test
  void gitlabProjectIsTheWholeEncodedPathWithSubgroups() {
    ForgeProject project =
        ForgeProject.of(ForgeKind.GITLAB, "git@gitlab.example:infra/data/config.git", null, null);
    assertThat(project.apiUrl()).isEqualTo("https://gitlab.example/api/v4");
    assertThat(project.statusPath("abc")).isEqualTo("/projects/infra%2Fdata%2Fconfig/statuses/abc");
    assertThat(project.commentsPath(3))
        .isEqualTo("/projects/infra%2Fdata%2Fconfig/merge_requests/3/notes");
  }

  @Test
  void overridesWinAndALocalRemoteNeedsThem() {
    ForgeProject project =
        ForgeProject.of(
            ForgeKind.GITLAB, "/srv/git/config.git", "https://gl.example/api/v4/", "42");
    assertThat(project.apiUrl()).isEqualTo("https://gl.example/api/v4");
    assertThat(project.statusPath("abc")).isEqualTo("/projects/42/statuses/abc");
    assertThatThrownBy(() -> ForgeProject.of(ForgeKind.GITHUB, "file:///srv/config", null, null))
        .hasMessageContaining("--git-api-url");
  }

  @Test
  void aGithubPathThatIsNotOwnerSlashRepoNamesTheOverride() {
    assertThatThrownBy(
            () ->
                ForgeProject.of(
                    ForgeKind.GITHUB, "https://user:pw@github.com/a/b/c.git", null, null))
        .hasMessageContaining("--git-api-project")
        .hasMessageNotContaining("pw");
  }
}
