package io.mooring.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Hera operator's RedisInstance and RedisCluster, mapped onto the canonical model. */
class HeraDialectTest {
  static final Path SEEDS = Path.of("src", "test", "resources", "spec", "hera");
  private static final SpecParser PARSER = SpecParser.standard(SpecParserOptions.defaults());

  static SpecParseResult parseSeeds() throws IOException {
    return PARSER.parsePaths(List.of(SEEDS));
  }

  @Test
  void theSeedsRedisInstanceIsOneRedisPodWithItsVersionRequestsLimitsAndVolume()
      throws IOException {
    SpecParseResult result = parseSeeds();
    assertThat(result.errors()).isEmpty();
    assertThat(result.warnings()).isEmpty();
    RedisSpec redis =
        (RedisSpec)
            result.specs().stream()
                .filter(s -> s.ref().kind() == AppKind.REDIS)
                .findFirst()
                .orElseThrow();

    assertThat(redis.ref()).isEqualTo(new AppRef(AppKind.REDIS, "default", "my-redis"));
    assertThat(redis.replicas()).isEqualTo(1);
    assertThat(redis.highlyAvailable()).isFalse();
    assertThat(redis.authEnabled()).isTrue();
    assertThat(redis.engine())
        .isEqualTo(new RedisEngine(RedisEngine.Family.REDIS, Optional.of("7.2")));
    assertThat(redis.resources())
        .isEqualTo(
            new ComputeResources(
                new Quantity("100m"),
                new Quantity("500m"),
                new Quantity("256Mi"),
                new Quantity("512Mi")));
    assertThat(redis.persistence()).isEqualTo(RedisPersistence.DEFAULT);
    assertThat(redis.size()).isEqualTo(new Quantity("1Gi"));
    assertThat(redis.storageClass()).isEqualTo("gp3");
  }

  @Test
  void theSeedsRedisClusterHasThreeShardsOfTwoAndLimitsEqualToItsRequests() throws IOException {
    RedisClusterSpec cluster =
        (RedisClusterSpec)
            parseSeeds().specs().stream()
                .filter(s -> s.ref().kind() == AppKind.REDIS_CLUSTER)
                .findFirst()
                .orElseThrow();

    assertThat(cluster.ref())
        .isEqualTo(new AppRef(AppKind.REDIS_CLUSTER, "default", "my-redis-cluster"));
    assertThat(cluster.masters()).isEqualTo(3);
    assertThat(cluster.replicasPerMaster()).isEqualTo(1);
    assertThat(cluster.nodes()).isEqualTo(6);
    assertThat(cluster.engine().version()).contains("7.2");
    // No limits written: each takes its request, so maxmemory has a bound.
    assertThat(cluster.resources())
        .isEqualTo(
            new ComputeResources(
                new Quantity("200m"),
                new Quantity("200m"),
                new Quantity("512Mi"),
                new Quantity("512Mi")));
    assertThat(cluster.persistence()).isEqualTo(RedisPersistence.DEFAULT);
    assertThat(cluster.size()).isEqualTo(RedisSpec.DEFAULT_SIZE);
    assertThat(cluster.hasStorageClass()).isFalse();
  }

  @Test
  void persistenceDisabledMeansNoVolumeNoAppendOnlyFileAndAWarningAtTheField() {
    String yaml =
        """
        apiVersion: cache.hera.io/v1alpha1
        kind: RedisInstance
        metadata:
          name: scratch
        spec:
          persistence:
            enabled: false
            size: 5Gi
        """;
    SpecParseResult result = PARSER.parse(List.of(SpecFile.of("scratch.yaml", yaml)));

    assertThat(result.errors()).isEmpty();
    RedisSpec redis = (RedisSpec) result.specs().get(0);
    assertThat(redis.persistence().volume()).isFalse();
    assertThat(redis.persistence().appendOnly()).isFalse();
    assertThat(redis.engine()).isEqualTo(RedisEngine.DEFAULT);
    assertThat(result.warnings())
        .extracting(SpecError::toString)
        .containsExactly(
            "scratch.yaml:7:14 spec.persistence.enabled: warning: data is lost whenever a pod"
                + " restarts: without persistence Redis keeps it in an emptyDir and writes no"
                + " append-only file",
            "scratch.yaml:8:11 spec.persistence.size: warning: is ignored because persistence is"
                + " disabled");
  }

  @Test
  void anEmptyClusterSpecTakesThreeMastersWithOneReplicaEach() {
    String yaml = "apiVersion: cache.hera.io/v1alpha1\nkind: RedisCluster\nmetadata:\n  name: c\n";
    SpecParseResult result = PARSER.parse(List.of(SpecFile.of("c.yaml", yaml)));

    RedisClusterSpec cluster = (RedisClusterSpec) result.specs().get(0);
    assertThat(cluster.masters()).isEqualTo(3);
    assertThat(cluster.replicasPerMaster()).isEqualTo(1);
    assertThat(cluster.resources()).isEqualTo(ResourcePreset.DEFAULT.resources());
  }

  @Test
  void aLimitAloneIsAlsoTheRequestAndEveryProblemOfADocumentIsReported() {
    String yaml =
        """
        apiVersion: cache.hera.io/v1alpha1
        kind: RedisCluster
        metadata:
          name: c
        spec:
          masters: 1
          replicasPerMaster: -2
          version: "5.0"
          resources:
            limits:
              cpu: 2
              memory: 1Gi
        """;
    SpecParseResult result = PARSER.parse(List.of(SpecFile.of("c.yaml", yaml)));

    assertThat(result.specs()).isEmpty();
    assertThat(result.errors())
        .extracting(SpecError::fieldPath)
        .containsExactly("spec.version", "spec.masters", "spec.replicasPerMaster");

    String limitsOnly = yaml.replace("masters: 1", "masters: 4").replace("-2", "0");
    limitsOnly = limitsOnly.replace("\"5.0\"", "\"7.0\"");
    RedisClusterSpec cluster =
        (RedisClusterSpec) PARSER.parse(List.of(SpecFile.of("c.yaml", limitsOnly))).specs().get(0);
    assertThat(cluster.resources())
        .isEqualTo(
            new ComputeResources(
                new Quantity("2"), new Quantity("2"), new Quantity("1Gi"), new Quantity("1Gi")));
    assertThat(cluster.nodes()).isEqualTo(4);
  }

  @Test
  void aClusterOfMoreThanAThousandNodesIsRefused() {
    String yaml =
        """
        apiVersion: cache.hera.io/v1alpha1
        kind: RedisCluster
        metadata:
          name: c
        spec:
          masters: 100
          replicasPerMaster: 10
        """;
    SpecParseResult result = PARSER.parse(List.of(SpecFile.of("c.yaml", yaml)));

    assertThat(result.errors())
        .extracting(SpecError::toString)
        .containsExactly(
            "c.yaml:7:22 spec.replicasPerMaster: makes 1100 nodes with 100 masters; a Redis"
                + " Cluster holds at most 1000, got 10");
  }

  @Test
  void aRedisInstanceAndACozystackRedisOfOneNameAreOneAppDeclaredTwice() {
    String yaml =
        """
        apiVersion: cache.hera.io/v1alpha1
        kind: RedisInstance
        metadata:
          name: cache
        ---
        apiVersion: apps.cozystack.io/v1alpha1
        kind: Redis
        metadata:
          name: cache
        """;
    SpecParseResult result = PARSER.parse(List.of(SpecFile.of("two.yaml", yaml)));

    assertThat(result.specs()).isEmpty();
    assertThat(result.errors())
        .extracting(SpecError::message)
        .allSatisfy(m -> assertThat(m).startsWith("duplicate app redis/default/cache"));
  }

  @Test
  void aKindNearMissOfTheHeraApiIsAnErrorWithAHint() {
    String yaml = "apiVersion: cache.hera.io/v1alpha1\nkind: RedisClustr\nmetadata:\n  name: c\n";
    SpecParseResult result = PARSER.parse(List.of(SpecFile.of("c.yaml", yaml)));

    assertThat(result.errors())
        .extracting(SpecError::toString)
        .containsExactly(
            "c.yaml:2:7 kind: unknown kind \"RedisClustr\" for cache.hera.io/v1alpha1; did you"
                + " mean RedisCluster?");
  }

  @Test
  void aRedisInstanceTakesAclUsersAndARotationSchedule() {
    String yaml =
        """
        apiVersion: cache.hera.io/v1alpha1
        kind: RedisInstance
        metadata:
          name: cache
        spec:
          acl:
            users:
              - name: app
                rules: "~app:* &app:* +@read +@write -@dangerous"
                passwordSecretRef: {name: app-redis, key: password}
              - name: reports
                rules: "%R~reports:* +@read"
          passwordRotation:
            every: 720h
            overlap: 24h
        """;
    SpecParseResult result = PARSER.parse(List.of(SpecFile.of("cache.yaml", yaml)));

    assertThat(result.errors()).isEmpty();
    assertThat(result.warnings()).as("the rotation is carried out, not only checked").isEmpty();
    RedisSpec redis = (RedisSpec) result.specs().get(0);
    assertThat(redis.aclUsers())
        .containsExactly(
            new RedisAclUser(
                "app",
                "~app:* &app:* +@read +@write -@dangerous",
                Optional.of(new SecretKeyRef("app-redis", "password"))),
            new RedisAclUser("reports", "%R~reports:* +@read", Optional.empty()));
    assertThat(redis.passwordRotation())
        .isEqualTo(
            new PasswordRotation(
                Optional.of(java.time.Duration.ofHours(720)), java.time.Duration.ofHours(24)));
  }

  @Test
  void aRedisInstanceUserWithAPasswordInItsRulesIsAnErrorAtTheFieldThatDoesNotRepeatIt() {
    String yaml =
        """
        apiVersion: cache.hera.io/v1alpha1
        kind: RedisInstance
        metadata:
          name: cache
        spec:
          acl:
            users:
              - {name: app, rules: "~app:* >hunter2 +@read"}
          passwordRotation: {every: 1d}
        """;
    SpecParseResult result = PARSER.parse(List.of(SpecFile.of("cache.yaml", yaml)));

    assertThat(result.specs()).isEmpty();
    assertThat(result.errors())
        .extracting(SpecError::toString)
        .hasSize(2)
        .allSatisfy(error -> assertThat(error).doesNotContain("hunter2"))
        .anySatisfy(
            error -> assertThat(error).startsWith("cache.yaml:8:28 spec.acl.users[0].rules"))
        .anySatisfy(
            error -> assertThat(error).startsWith("cache.yaml:9:29 spec.passwordRotation.every"));
  }

  @Test
  void aRedisClusterTakesUsersAndRotationCheckedAsForAnInstance() {
    String yaml =
        """
        apiVersion: cache.hera.io/v1alpha1
        kind: RedisCluster
        metadata:
          name: shards
        spec:
          version: "7.2"
          acl:
            users: [{name: app, rules: "+@read"}]
          passwordRotation: {every: 720h, overlap: 12h}
        """;
    SpecParseResult result = PARSER.parse(List.of(SpecFile.of("shards.yaml", yaml)));

    assertThat(result.errors()).isEmpty();
    assertThat(result.warnings()).as("the rotation is carried out, not only checked").isEmpty();
    RedisClusterSpec cluster = (RedisClusterSpec) result.specs().get(0);
    assertThat(cluster.aclUsers())
        .extracting(RedisAclUser::name, RedisAclUser::rules)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("app", "+@read"));
    assertThat(cluster.passwordRotation())
        .isEqualTo(
            new PasswordRotation(
                Optional.of(java.time.Duration.ofHours(720)), java.time.Duration.ofHours(12)));

    assertThat(errors(yaml.replace("{every: 720h, overlap: 12h}", "{every: 1d}")))
        .singleElement()
        .satisfies(
            error -> assertThat(error).startsWith("shards.yaml:9:29 spec.passwordRotation.every"));
    assertThat(errors(yaml.replace("{every: 720h, overlap: 12h}", "{every: 24h, overlap: 30h}")))
        .singleElement()
        .satisfies(
            error ->
                assertThat(error).startsWith("shards.yaml:9:43 spec.passwordRotation.overlap"));
  }

  private static List<String> errors(String yaml) {
    SpecParseResult result = PARSER.parse(List.of(SpecFile.of("shards.yaml", yaml)));
    assertThat(result.specs()).isEmpty();
    return result.errors().stream().map(SpecError::toString).toList();
  }

  @Test
  void aRedisClustersUserRulesAreCheckedAtTheirLine() {
    String yaml =
        """
        apiVersion: cache.hera.io/v1alpha1
        kind: RedisCluster
        metadata:
          name: shards
        spec:
          acl:
            users: [{name: app, rules: ">secret +@read"}]
        """;
    SpecParseResult result = PARSER.parse(List.of(SpecFile.of("shards.yaml", yaml)));

    assertThat(result.specs()).isEmpty();
    assertThat(result.errors())
        .extracting(SpecError::toString)
        .singleElement()
        .satisfies(error -> assertThat(error).startsWith("shards.yaml:7:"))
        .satisfies(error -> assertThat(error).contains("spec.acl.users[0].rules"))
        .satisfies(error -> assertThat(error).doesNotContain("secret"));
  }
}
