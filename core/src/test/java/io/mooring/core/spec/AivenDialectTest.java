package io.mooring.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Aiven's Redis and Valkey files are read unchanged, each field mapped to its meaning here. */
class AivenDialectTest {
  private static final Path DIR = Path.of("src", "test", "resources", "spec", "aiven");
  private static final SpecParser PARSER = SpecParser.standard(SpecParserOptions.defaults());

  static RedisSpec only(String file) throws IOException {
    SpecParseResult result =
        PARSER.parse(List.of(new SpecFile(file, Files.readAllBytes(DIR.resolve(file)))));
    assertThat(result.errors()).isEmpty();
    assertThat(result.specs()).hasSize(1);
    return (RedisSpec) result.specs().get(0);
  }

  @Test
  void theSeedsUsageExampleIsAStartupPlanWithItsSecretWindowAndPolicy() throws IOException {
    RedisSpec spec = only("seed-usage-example.yaml");

    assertThat(spec.ref()).isEqualTo(new AppRef(AppKind.REDIS, "default", "k8s-redis"));
    assertThat(spec.replicas()).isEqualTo(1);
    assertThat(spec.resources().memoryLimit()).isEqualTo(new Quantity("4Gi"));
    assertThat(spec.size()).isEqualTo(new Quantity("8Gi"));
    assertThat(spec.authEnabled()).isTrue();
    assertThat(spec.engine()).isEqualTo(RedisEngine.DEFAULT);
    assertThat(spec.tuning().directives())
        .containsExactly(Map.entry("maxmemory-policy", "allkeys-random"));
    assertThat(spec.connectionSecret())
        .isEqualTo(
            new ConnectionSecret(
                true,
                "redis-token",
                "MY_SECRET_PREFIX_",
                Map.of("baz", "egg"),
                Map.of("foo", "bar")));
    assertThat(spec.lifecycle())
        .isEqualTo(
            new AppLifecycle(
                false,
                false,
                Optional.of(
                    new AppLifecycle.MaintenanceWindow(
                        DayOfWeek.FRIDAY, LocalTime.of(23, 0), Duration.ofHours(1)))));
    assertThat(spec.dataSource()).isEqualTo(RedisDataSource.EMPTY);
    assertThat(spec.network()).isEqualTo(RedisNetwork.OPEN);
  }

  @Test
  void everyFieldMapsToItsMeaning() throws IOException {
    RedisSpec spec = only("every-field.yaml");

    assertThat(spec.replicas()).isEqualTo(2);
    assertThat(spec.highlyAvailable()).isTrue();
    assertThat(spec.size()).isEqualTo(new Quantity("20Gi"));
    assertThat(spec.external()).isTrue();
    assertThat(spec.lifecycle().terminationProtection()).isTrue();
    assertThat(spec.lifecycle().orphanOnRemoval()).isTrue();
    assertThat(spec.lifecycle().maintenanceWindow().orElseThrow().start())
        .isEqualTo(LocalTime.of(3, 30));
    assertThat(spec.engine())
        .isEqualTo(new RedisEngine(RedisEngine.Family.REDIS, Optional.of("7.0")));
    assertThat(spec.persistence().appendOnly()).isFalse();
    assertThat(spec.persistence().rdbSave()).contains("");
    assertThat(spec.tuning().directives())
        .containsExactly(
            Map.entry("maxmemory-policy", "allkeys-lfu"),
            Map.entry("lfu-decay-time", "5"),
            Map.entry("lfu-log-factor", "20"),
            Map.entry("io-threads", "2"),
            Map.entry("databases", "32"),
            Map.entry("notify-keyspace-events", "KEg$x"),
            Map.entry("timeout", "300"),
            Map.entry("client-output-buffer-limit", "pubsub 64mb 16384kb 60"));
    assertThat(spec.network().allowedSources())
        .containsExactly("10.20.0.0/16", "192.168.7.5/32", "2001:db8:0:0:0:0:0:0/32");
    assertThat(spec.network().exporterExternal()).isTrue();
    assertThat(spec.dataSource())
        .isEqualTo(
            new RedisDataSource.Migration(
                "old-redis.example.com",
                6380,
                "migrator",
                "hunter2-source",
                false,
                RedisDataSource.Migration.Method.REPLICATION));
    assertThat(spec.extraMetadata().labels()).isEqualTo(Map.of("env", "prod"));
    assertThat(spec.extraMetadata().annotations())
        .isEqualTo(
            Map.of(
                "cost-center", "retail web",
                "mooring.io/technical-emails", "oncall@example.com,dba@example.com"));
    assertThat(spec.connectionSecret())
        .isEqualTo(
            new ConnectionSecret(
                true,
                "tuned-conn",
                "CACHE_",
                Map.of("team", "shop"),
                Map.of("owner", "shop-team")));
  }

  @Test
  void valkeyHasItsOwnKeysPrefixAndEngine() throws IOException {
    RedisSpec spec = only("valkey.yaml");

    assertThat(spec.engine().family()).isEqualTo(RedisEngine.Family.VALKEY);
    assertThat(spec.replicas()).isEqualTo(3);
    assertThat(spec.resources().memoryLimit()).isEqualTo(new Quantity("8Gi"));
    assertThat(spec.connectionSecret()).isEqualTo(ConnectionSecret.named("sessions", "VALKEY_"));
    assertThat(spec.tuning().directives())
        .containsExactly(Map.entry("maxmemory-policy", "volatile-ttl"), Map.entry("timeout", "60"));
    assertThat(spec.persistence().rdbSave()).contains("600 1");
  }

  @Test
  void platformFieldsAreNotedOnlyAndTheMigrationPasswordNeverShown() throws IOException {
    SpecParseResult result =
        PARSER.parse(
            List.of(
                new SpecFile(
                    "every-field.yaml", Files.readAllBytes(DIR.resolve("every-field.yaml")))));

    assertThat(result.notes())
        .extracting(SpecError::fieldPath)
        .contains(
            "spec.project",
            "spec.cloudName",
            "spec.projectVpcId",
            "spec.projectVPCRef",
            "spec.authSecretRef",
            "spec.userConfig.private_access",
            "spec.userConfig.privatelink_access",
            "spec.userConfig.static_ips");
    assertThat(result.warnings()).isEmpty();
    assertThat(result.notes())
        .extracting(SpecError::toString)
        .noneMatch(n -> n.contains("hunter2"));
  }

  @Test
  void connInfoSecretTargetDisabledMeansNoSecret() {
    SpecParseResult result =
        PARSER.parse(
            List.of(
                SpecFile.of(
                    "off.yaml",
                    """
                    apiVersion: aiven.io/v1alpha1
                    kind: Redis
                    metadata:
                      name: quiet
                    spec:
                      project: p
                      plan: hobbyist
                      connInfoSecretTargetDisabled: true
                    """)));

    assertThat(result.errors()).isEmpty();
    assertThat(((RedisSpec) result.specs().get(0)).connectionSecret().enabled()).isFalse();
  }
}
