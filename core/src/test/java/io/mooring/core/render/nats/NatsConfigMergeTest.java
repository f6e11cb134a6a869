package io.mooring.core.render.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.spec.NatsSpec;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NatsConfigMergeTest {

  private static String configOf(NatsSpec spec) {
    NatsNames names = new NatsNames(spec.ref(), "cluster.local");
    return new NatsConfigModel(
            spec,
            names,
            NatsCredentials.of(spec, names, NatsSpecs.PASSWORDS, LiveSecrets.NONE),
            null)
        .text();
  }

  private static NatsSpec withMerge(int replicas, boolean jetstream, Map<String, Object> merge) {
    return NatsSpecs.builder("events")
        .replicas(replicas)
        .jetstream(jetstream, "10Gi")
        .user("app", null)
        .merge(merge)
        .build();
  }

  static List<Arguments> refusedMerges() {
    Map<String, Object> nullRoutes = new HashMap<>();
    nullRoutes.put("routes", null);
    return List.of(
        Arguments.of(
            Map.of("cluster", Map.of("routes", List.of("nats://elsewhere:6222"))),
            "spec.config.merge.cluster.routes"),
        Arguments.of(Map.of("cluster", nullRoutes), "spec.config.merge.cluster.routes"),
        Arguments.of(
            Map.of("Cluster", Map.of("Routes", List.of())), "spec.config.merge.Cluster.Routes"),
        Arguments.of(Map.of("cluster", false), "spec.config.merge.cluster"),
        Arguments.of(
            Map.of("cluster", Map.of("no_advertise", false)),
            "spec.config.merge.cluster.no_advertise"),
        Arguments.of(
            Map.of("cluster", Map.of("name", "renamed")), "spec.config.merge.cluster.name"),
        Arguments.of(
            Map.of("accounts", Map.of("SYS", Map.of("users", List.of()))),
            "spec.config.merge.accounts.SYS"),
        Arguments.of(
            Map.of("accounts", Map.of("APP", Map.of("jetstream", "disabled"))),
            "spec.config.merge.accounts.APP"),
        Arguments.of(Map.of("accounts", "none"), "spec.config.merge.accounts"),
        Arguments.of(Map.of("system_account", "OTHER"), "spec.config.merge.system_account"),
        Arguments.of(Map.of("server_name", "fixed"), "spec.config.merge.server_name"),
        Arguments.of(Map.of("port", 4333), "spec.config.merge.port"),
        Arguments.of(Map.of("pid_file", "/run/other.pid"), "spec.config.merge.pid_file"),
        Arguments.of(
            Map.of("jetstream", Map.of("max_file_store", "1TB")),
            "spec.config.merge.jetstream.max_file_store"),
        Arguments.of(
            Map.of("jetstream", Map.of("store_dir", "/var/lib/nats")),
            "spec.config.merge.jetstream.store_dir"),
        Arguments.of(
            Map.of("authorization", Map.of("user", "a")), "spec.config.merge.authorization"),
        Arguments.of(
            Map.of(
                "accounts",
                Map.of("AUDIT", Map.of("users", List.of(Map.of("user", "a", "password", "p"))))),
            "spec.config.merge.accounts.AUDIT.users"),
        Arguments.of(Map.of("operator", "/etc/nats/op.jwt"), "spec.config.merge.operator"),
        Arguments.of(Map.of("resolver", Map.of("type", "full")), "spec.config.merge.resolver"),
        Arguments.of(Map.of("include", "/etc/passwd"), "spec.config.merge.include"),
        Arguments.of(
            Map.of("cluster", Map.of("include", "other.conf")),
            "spec.config.merge.cluster.include"));
  }

  @Test
  void inOperatorModeAccountsAndLoginsCannotBeMergedIn() {
    for (String key : List.of("accounts", "authorization", "no_auth_user", "system_account")) {
      NatsSpec spec =
          NatsSpecs.builder("events")
              .user("app", null)
              .resolver(Map.of("type", "full"))
              .merge(Map.of(key, Map.of()))
              .build();
      assertThatThrownBy(() -> NatsRenderer.render(spec, NatsSpecs.OPTIONS))
          .as(key)
          .isInstanceOf(NatsRenderException.class)
          .hasMessageContaining("spec.config.merge." + key)
          .hasMessageContaining("creds files");
    }
  }

  @ParameterizedTest
  @MethodSource("refusedMerges")
  void aMergeThatBreaksTheClusterOrItsAccountsIsRefusedNamingTheKey(
      Map<String, Object> merge, String field) {
    assertThatThrownBy(() -> configOf(withMerge(3, true, merge)))
        .isInstanceOf(NatsRenderException.class)
        .hasMessageStartingWith("apps/nats.yaml:1:1: " + field)
        .satisfies(e -> assertThat(((NatsRenderException) e).field()).startsWith(field));
  }

  @Test
  void aClusterBlockIsRefusedForASingleReplica() {
    assertThatThrownBy(() -> configOf(withMerge(1, true, Map.of("cluster", Map.of("name", "x")))))
        .isInstanceOf(NatsRenderException.class)
        .hasMessageContaining("spec.config.merge.cluster")
        .hasMessageContaining("single replica");
  }

  @Test
  void jetstreamCannotBeSwitchedOnThroughMergeWithoutItsVolume() {
    assertThatThrownBy(
            () ->
                configOf(
                    withMerge(3, false, Map.of("jetstream", Map.of("max_memory_store", "1G")))))
        .isInstanceOf(NatsRenderException.class)
        .hasMessageContaining("spec.config.merge.jetstream")
        .hasMessageContaining("spec.jetstream.enabled");
  }

  @Test
  void theUsersValuesWinAndMergeKeyByKeyCaseInsensitively() {
    Map<String, Object> merge = new LinkedHashMap<>();
    merge.put("Lame_Duck_Duration", "45s");
    merge.put("cluster", Map.of("connect_retries", 30));
    merge.put("jetstream", Map.of("max_memory_store", "64MB"));
    String conf = configOf(withMerge(3, true, merge));

    // nats-server reads option names case-insensitively: one key, the user's value, never both.
    assertThat(conf)
        .contains("lame_duck_duration: \"45s\"")
        .doesNotContain("30s")
        .doesNotContain("Lame_Duck");
    assertThat(conf)
        .contains("connect_retries: 30")
        .contains("include \"../nats-secret/routes.conf\"");
    assertThat(conf).contains("max_memory_store: 64MB").contains("max_file_store: 9663676416");
  }

  @Test
  void aNullRemovesAGeneratedKey() {
    Map<String, Object> merge = new HashMap<>();
    merge.put("lame_duck_grace_period", null);
    assertThat(configOf(withMerge(3, true, merge))).doesNotContain("lame_duck_grace_period");
  }
}
