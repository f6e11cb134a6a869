package io.mooring.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example config repo holds every Redis and NATS example of the Cozystack docs; all must
 * validate.
 */
class ExamplesTest {
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static SpecParseResult result;
  private static Map<String, AppSpec> byRef;

  @BeforeAll
  static void parseExamples() throws IOException {
    result = SpecParser.standard(SpecParserOptions.defaults()).parsePaths(List.of(EXAMPLES));
    byRef =
        result.specs().stream()
            .collect(Collectors.toMap(spec -> spec.ref().toString(), Function.identity()));
  }

  @Test
  void everyExampleIsValid() {
    assertThat(result.errors()).isEmpty();
    assertThat(result.filesRead()).isEqualTo(10);
    assertThat(byRef)
        .containsOnlyKeys(
            "redis/default/example",
            "redis/default/cache",
            "redis/default/sessions",
            "redis/default/reports",
            "nats/tenant-x/nats",
            "nats/tenant-x/events",
            "redis/tenant-y/example",
            "redis/tenant-y/ledger",
            "nats/tenant-y/bus",
            "nats/tenant-y/messaging",
            "nats/tenant-y/telemetry");
    assertThat(result.specs().get(0).source().file())
        .isEqualTo("../examples/apps/default/redis-empty-spec.yaml");
  }

  @Test
  void emptyRedisSpecTakesEveryDefault() {
    RedisSpec redis = (RedisSpec) byRef.get("redis/default/example");

    assertThat(redis.replicas()).isEqualTo(2);
    assertThat(redis.resources()).isEqualTo(ResourcePreset.NANO.resources());
    assertThat(redis.size()).isEqualTo(new Quantity("1Gi"));
    assertThat(redis.hasStorageClass()).isFalse();
    assertThat(redis.external()).isFalse();
    assertThat(redis.authEnabled()).isTrue();
    assertThat(redis.source().line()).isEqualTo(3);
  }

  @Test
  void explicitResourcesWinOverThePreset() {
    RedisSpec redis = (RedisSpec) byRef.get("redis/default/reports");

    assertThat(redis.resources().cpuLimit().getNumericalAmount()).isEqualByComparingTo("4");
    assertThat(redis.resources().memoryLimit()).isEqualTo(new Quantity("4Gi"));
    NatsSpec nats = (NatsSpec) byRef.get("nats/tenant-y/telemetry");
    assertThat(nats.resources().cpuRequest().getNumericalAmount()).isEqualByComparingTo("4");
  }

  @Test
  void natsWrittenBothAsNatsAndNatsMapsOntoTheSameModel() {
    NatsSpec lower = (NatsSpec) byRef.get("nats/tenant-x/nats");
    NatsSpec upper = (NatsSpec) byRef.get("nats/tenant-x/events");

    assertThat(lower.resources()).isEqualTo(ResourcePreset.NANO.resources());
    assertThat(upper.resources()).isEqualTo(ResourcePreset.LARGE.resources());
    assertThat(upper.storageClass()).isEqualTo("replicated");
    assertThat(upper.jetstream()).isEqualTo(new NatsSpec.Jetstream(true, new Quantity("10Gi")));
    assertThat(upper.configMerge())
        .containsEntry("max_payload", "16MB")
        .containsEntry("debug", false);
    assertThat(upper.configResolver())
        .containsEntry("type", "full")
        .containsEntry("dir", "/data/resolver");
  }

  @Test
  void natsUsersKeepTheirOrderAndMissingPasswordsAreGenerated() {
    NatsSpec nats = (NatsSpec) byRef.get("nats/tenant-y/messaging");

    assertThat(nats.users().keySet()).containsExactly("admin", "client", "reporter");
    assertThat(nats.users().get("admin").password()).isEqualTo("supersecurepassword");
    assertThat(nats.users().get("reporter").hasPassword()).isFalse();
    assertThat(nats.jetstream().size()).isEqualTo(new Quantity("20Gi"));
  }

  @Test
  void twoReplicaJetstreamClustersAreWarnedAboutButValid() {
    assertThat(result.warnings())
        .filteredOn(warning -> warning.fieldPath().equals("spec.replicas"))
        .extracting(SpecError::file, SpecError::fieldPath)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "../examples/apps/tenant-x/nats.yaml", "spec.replicas"),
            org.assertj.core.groups.Tuple.tuple(
                "../examples/apps/tenant-x/nats-complete.yaml", "spec.replicas"));
  }

  @Test
  void operatorModeExamplesAreWarnedThatPasswordsAreIgnoredAndTheOpenOneThatAnyoneGetsIn() {
    assertThat(result.warnings())
        .filteredOn(warning -> !warning.fieldPath().equals("spec.replicas"))
        .extracting(SpecError::file, SpecError::fieldPath)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "../examples/apps/tenant-x/nats-complete.yaml", "spec.users.user1.password"),
            org.assertj.core.groups.Tuple.tuple(
                "../examples/apps/tenant-y/nats-users.yaml", "spec.users.admin.password"),
            org.assertj.core.groups.Tuple.tuple(
                "../examples/apps/tenant-y/nats-users.yaml", "spec.users.client.password"),
            org.assertj.core.groups.Tuple.tuple(
                "../examples/apps/tenant-y/nats-resources.yaml", "spec.users"));
    NatsSpec messaging = (NatsSpec) byRef.get("nats/tenant-y/messaging");
    assertThat(messaging.operatorMode()).isTrue();
    assertThat(((NatsSpec) byRef.get("nats/tenant-x/nats")).operatorMode()).isFalse();
  }

  @Test
  void deleteDataAnnotationIsCarried() {
    assertThat(byRef.get("redis/tenant-y/ledger").annotations())
        .containsEntry(AppSpec.DELETE_DATA_ON_REMOVAL, "false");
  }
}
