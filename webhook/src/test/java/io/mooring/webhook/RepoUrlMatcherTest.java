package io.mooring.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepoUrlMatcherTest {
  private final RepoUrlMatcher matcher = new RepoUrlMatcher("https://github.com/Acme/Config.git");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://github.com/acme/config",
        "https://github.com/acme/config.git",
        "https://github.com/ACME/CONFIG/",
        "https://token@github.com/acme/config.git",
        "https://github.com:443/acme/config",
        "ssh://git@github.com:22/acme/config.git",
        "git@github.com:acme/config.git",
        "git://github.com/acme/config.git"
      })
  void acceptsEverySpellingOfTheSameRepository(String url) {
    assertThat(matcher.matches(url)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://github.com/acme/config-other",
        "https://gitlab.com/acme/config",
        "https://github.com/other/config",
        "git@github.com:acme/configs.git",
        "",
        "not a url"
      })
  void refusesOtherRepositories(String url) {
    assertThat(matcher.matches(url)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"file:///srv/git/config.git", "/srv/git/config", "file:///srv/git/config"})
  void matchesLocalRemotesByPath(String url) {
    assertThat(new RepoUrlMatcher("/srv/git/config.git").matches(url)).isTrue();
  }
}
