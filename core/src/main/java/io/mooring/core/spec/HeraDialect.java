package io.mooring.core.spec;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Hera Redis operator's API ({@code cache.hera.io/v1alpha1}): {@code RedisInstance}, one
 * standalone Redis pod (a {@link RedisSpec} with one replica), and {@code RedisCluster}, a sharded
 * Redis Cluster ({@link RedisClusterSpec}). Both take {@code version}, Kubernetes-style {@code
 * resources}, {@code persistence}, {@code tls}, {@code acl} and {@code passwordRotation}, each
 * checked by the same rule for both ({@link RedisDayTwoFields}); a RedisInstance also takes {@code
 * backup} and {@code restore} ({@link RedisBackupFields}).
 */
public final class HeraDialect implements Dialect {
  public static final String API_VERSION = "cache.hera.io/v1alpha1";

  private static final Map<String, AppKind> KINDS =
      Map.of("RedisInstance", AppKind.REDIS, "RedisCluster", AppKind.REDIS_CLUSTER);
  private static final List<String> INSTANCE_FIELDS =
      with(
          RedisBackupFields.SPEC_FIELDS,
          "version",
          "resources",
          "persistence",
          "tls",
          "acl",
          "passwordRotation");
  private static final List<String> CLUSTER_FIELDS =
      with(
          RedisBackupFields.SPEC_FIELDS,
          "version",
          "masters",
          "replicasPerMaster",
          "resources",
          "persistence",
          "tls",
          "acl",
          "passwordRotation");
  private static final List<String> PERSISTENCE_FIELDS =
      with(RedisBackupFields.PERSISTENCE_FIELDS, "enabled", "size", "storageClassName");

  private static List<String> with(List<String> more, String... fields) {
    return Stream.concat(Arrays.stream(fields), more.stream()).toList();
  }

  @Override
  public Optional<AppKind> kindOf(String apiVersion, String kind) {
    return API_VERSION.equals(apiVersion) ? Optional.ofNullable(KINDS.get(kind)) : Optional.empty();
  }

  @Override
  public Set<String> kinds(String apiVersion) {
    return API_VERSION.equals(apiVersion) ? KINDS.keySet() : Set.of();
  }

  @Override
  public Optional<AppSpec> map(SpecDocument document, SpecProblems problems) {
    int errorsBefore = problems.errorCount();
    FieldReader spec = new FieldReader(document.spec(), "spec", problems, SensitiveFields.NONE);
    AppSpec mapped =
        document.ref().kind() == AppKind.REDIS_CLUSTER
            ? cluster(document, spec, problems)
            : instance(document, spec, problems);
    return problems.errorCount() == errorsBefore ? Optional.of(mapped) : Optional.empty();
  }

  private static RedisSpec instance(
      SpecDocument document, FieldReader spec, SpecProblems problems) {
    spec.rejectUnknownFields(INSTANCE_FIELDS);
    Optional<String> version =
        RedisVersions.read(spec, RedisVersions.ACCEPTED, "are no longer supported");
    ComputeResources resources = RequestsAndLimits.read(spec);
    Persistence persistence = persistence(spec, problems);
    RedisDataProtection protection =
        RedisBackupFields.read(spec, persistence.canonical().appendOnly());
    RedisTls tls = RedisDayTwoFields.tls(spec);
    return new RedisSpec(
            document.ref(),
            document.source(),
            document.annotations(),
            1,
            resources,
            persistence.size(),
            persistence.storageClass(),
            false,
            true,
            AppLifecycle.NONE,
            new RedisEngine(RedisEngine.Family.REDIS, version),
            persistence.canonical(),
            RedisDataSource.EMPTY)
        .withProtection(protection)
        .withTls(tls)
        .withUsers(RedisDayTwoFields.aclUsers(spec), RedisDayTwoFields.passwordRotation(spec));
  }

  private static RedisClusterSpec cluster(
      SpecDocument document, FieldReader spec, SpecProblems problems) {
    spec.rejectUnknownFields(CLUSTER_FIELDS);
    Optional<String> version =
        RedisVersions.read(
            spec,
            RedisVersions.CLUSTER_ACCEPTED,
            "cannot announce the stable DNS names that let a cluster survive all of its pods"
                + " restarting on new addresses (cluster-announce-hostname came in Redis 7.0)");
    int masters =
        spec.integer("masters", RedisClusterSpec.MIN_MASTERS, RedisClusterSpec.MIN_MASTERS);
    if (masters > RedisClusterSpec.MAX_MASTERS) {
      spec.reportInvalid(
          "masters",
          "must be an integer between "
              + RedisClusterSpec.MIN_MASTERS
              + " and "
              + RedisClusterSpec.MAX_MASTERS);
    }
    int replicasPerMaster = spec.integer("replicasPerMaster", 0, 1);
    if (masters <= RedisClusterSpec.MAX_MASTERS
        && (long) masters * (1 + replicasPerMaster) > RedisClusterSpec.MAX_NODES) {
      spec.reportInvalid(
          "replicasPerMaster",
          "makes "
              + (long) masters * (1 + replicasPerMaster)
              + " nodes with "
              + masters
              + " masters; a Redis Cluster holds at most "
              + RedisClusterSpec.MAX_NODES);
    }
    ComputeResources resources = RequestsAndLimits.read(spec);
    Persistence persistence = persistence(spec, problems);
    RedisTls tls = RedisDayTwoFields.tls(spec);
    return new RedisClusterSpec(
        document.ref(),
        document.source(),
        document.annotations(),
        masters,
        replicasPerMaster,
        resources,
        persistence.size(),
        persistence.storageClass(),
        new RedisEngine(RedisEngine.Family.REDIS, version),
        persistence.canonical(),
        clusterProtection(spec, persistence, problems),
        tls,
        RedisDayTwoFields.aclUsers(spec),
        RedisDayTwoFields.passwordRotation(spec));
  }

  /**
   * Backups of a cluster need one per shard master and a restore per shard: until they are
   * rendered, {@code backup} and {@code restore} are refused rather than accepted and ignored.
   */
  private static RedisDataProtection clusterProtection(
      FieldReader spec, Persistence persistence, SpecProblems problems) {
    for (String field : RedisBackupFields.SPEC_FIELDS) {
      spec.value(field)
          .ifPresent(
              node ->
                  problems.error(
                      node.location(),
                      spec.path(field),
                      "is not supported for RedisCluster yet; it is for RedisInstance"));
    }
    return RedisBackupFields.read(spec, persistence.canonical().appendOnly());
  }

  /**
   * {@code persistence}: a volume of {@code size} by default; disabled, an emptyDir without AOF.
   */
  private static Persistence persistence(FieldReader spec, SpecProblems problems) {
    Optional<FieldReader> section = spec.child("persistence");
    if (section.isEmpty()) {
      return new Persistence(true, RedisSpec.DEFAULT_SIZE, "", RedisBackupFields.Files.DEFAULT);
    }
    FieldReader persistence = section.get();
    persistence.rejectUnknownFields(PERSISTENCE_FIELDS);
    boolean enabled = persistence.bool("enabled", true);
    Quantity size = persistence.positiveQuantity("size");
    String storageClass = persistence.string("storageClassName").orElse("");
    RedisBackupFields.Files files = RedisBackupFields.files(persistence);
    if (!storageClass.isEmpty()) {
      KubernetesNames.checkSubdomain(storageClass)
          .ifPresent(problem -> persistence.reportInvalid("storageClassName", problem));
    }
    if (!enabled) {
      YamlNode written = persistence.value("enabled").orElseThrow();
      problems.warning(
          written.location(),
          persistence.path("enabled"),
          "data is lost whenever a pod restarts: without persistence Redis keeps it in an"
              + " emptyDir and writes no append-only file");
      for (String ignored : List.of("size", "storageClassName", "aof", "rdb")) {
        persistence
            .value(ignored)
            .ifPresent(
                node ->
                    problems.warning(
                        node.location(),
                        persistence.path(ignored),
                        "is ignored because persistence is disabled"));
      }
    }
    return new Persistence(
        enabled, size != null ? size : RedisSpec.DEFAULT_SIZE, storageClass, files);
  }

  /** What {@code persistence} says, before it is split over the canonical fields. */
  private record Persistence(
      boolean enabled, Quantity size, String storageClass, RedisBackupFields.Files files) {
    RedisPersistence canonical() {
      return enabled
          ? new RedisPersistence(true, files.appendOnly(), files.rdbSave(), files.fsync())
          : new RedisPersistence(false, false, Optional.of(""));
    }
  }
}
