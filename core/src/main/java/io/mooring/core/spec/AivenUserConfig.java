package io.mooring.core.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An Aiven Redis or Valkey {@code spec.userConfig}, every field checked against Aiven's bounds and
 * mapped to what it means in the cluster: redis.conf directives, persistence, the engine version, a
 * migration source, who may connect and what is exposed. Valkey writes {@code valkey_} where Redis
 * writes {@code redis_}.
 */
record AivenUserConfig(
    RedisTuning tuning,
    RedisPersistence persistence,
    Optional<String> version,
    Optional<RedisDataSource.Migration> migration,
    List<String> ipFilter,
    boolean publicRedis,
    boolean publicPrometheus,
    RedisTls tls,
    Optional<RedisRestore> restore) {

  static final List<String> MAXMEMORY_POLICIES =
      List.of(
          "noeviction",
          "allkeys-lru",
          "volatile-lru",
          "allkeys-random",
          "volatile-random",
          "volatile-ttl",
          "volatile-lfu",
          "allkeys-lfu");

  /** RDB every 10 minutes if any key changed, as Aiven documents for {@code rdb}. */
  static final RedisPersistence RDB = new RedisPersistence(true, false, Optional.of("600 1"));

  /** No RDB, no AOF; the volume still holds the pod's role across restarts. */
  static final RedisPersistence OFF = new RedisPersistence(true, false, Optional.of(""));

  private static final Pattern KEYSPACE_EVENTS = Pattern.compile("[KEg$lshzxentdmA]*");
  private static final Pattern FORK_NAME = Pattern.compile("[a-z][-a-z0-9]{0,63}|");
  private static final Pattern BASEBACKUP = Pattern.compile("[a-zA-Z0-9-_:.]+");
  private static final String NO_MEANING = "accepted; it has no meaning in the cluster";
  private static final String OTHER_PROJECT =
      "forking from another project is not available: a restore reads the backups of an app in the"
          + " same namespace; remove the field";
  private static final String NO_FORK =
      "needs service_to_fork_from: a restore starts a new app from another app's backup";
  private static final int PUBSUB_SOFT_SECONDS = 60;

  static AivenUserConfig defaults() {
    return new AivenUserConfig(
        RedisTuning.NONE,
        RDB,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        false,
        false,
        RedisTls.DISABLED,
        Optional.empty());
  }

  /** The fields a userConfig may hold, with {@code engine_} as the engine's key prefix. */
  static List<String> fields(String engine) {
    List<String> fields =
        new ArrayList<>(
            List.of(
                "additional_backup_regions",
                "ip_filter",
                "migration",
                "private_access",
                "privatelink_access",
                "project_to_fork_from",
                "public_access",
                "recovery_basebackup_name",
                "service_log",
                "service_to_fork_from",
                "static_ips"));
    for (String setting :
        List.of(
            "acl_channels_default",
            "io_threads",
            "lfu_decay_time",
            "lfu_log_factor",
            "maxmemory_policy",
            "notify_keyspace_events",
            "number_of_databases",
            "persistence",
            "pubsub_client_output_buffer_limit",
            "ssl",
            "timeout")) {
      fields.add(engine + "_" + setting);
    }
    if (engine.equals("redis")) {
      fields.add("redis_version");
    }
    return fields;
  }

  static AivenUserConfig read(FieldReader config, String engine) {
    config.rejectUnknownFields(fields(engine));
    String e = engine + "_";
    Map<String, String> directives = new LinkedHashMap<>();
    config
        .oneOf(e + "maxmemory_policy", MAXMEMORY_POLICIES)
        .ifPresent(v -> directives.put("maxmemory-policy", v));
    config
        .integerWithin(e + "lfu_decay_time", 1, 120)
        .ifPresent(v -> directives.put("lfu-decay-time", v.toString()));
    config
        .integerWithin(e + "lfu_log_factor", 0, 100)
        .ifPresent(v -> directives.put("lfu-log-factor", v.toString()));
    config
        .integerWithin(e + "io_threads", 1, 32)
        .ifPresent(v -> directives.put("io-threads", v.toString()));
    config
        .integerWithin(e + "number_of_databases", 1, 128)
        .ifPresent(v -> directives.put("databases", v.toString()));
    config
        .matching(e + "notify_keyspace_events", 32, KEYSPACE_EVENTS)
        .ifPresent(v -> directives.put("notify-keyspace-events", v));
    config
        .integerWithin(e + "timeout", 0, 31_536_000)
        .ifPresent(v -> directives.put("timeout", v.toString()));
    config
        .integerWithin(e + "pubsub_client_output_buffer_limit", 32, 512)
        .ifPresent(
            hard ->
                directives.put(
                    "client-output-buffer-limit",
                    "pubsub " + hard + "mb " + (hard * 256) + "kb " + PUBSUB_SOFT_SECONDS));
    RedisPersistence persistence =
        config
            .oneOf(e + "persistence", List.of("off", "rdb"))
            .map(p -> p.equals("off") ? OFF : RDB)
            .orElse(RDB);
    config.oneOf(e + "acl_channels_default", List.of("allchannels", "resetchannels"));
    config.note(
        e + "acl_channels_default",
        "accepted; Mooring creates no ACL users for applications, and the default user keeps its"
            + " channels");
    // Off unless written: turning TLS on changes how every client must connect.
    RedisTls tls = config.bool(e + "ssl", false) ? RedisTls.OWN_CA : RedisTls.DISABLED;
    Optional<String> version =
        engine.equals("redis") ? config.oneOf("redis_version", List.of("7.0")) : Optional.empty();
    config.note(
        "redis_version",
        "accepted; the Redis image configured for Mooring (a 7.x release) serves the 7.0 family");
    Optional<RedisRestore> restore = restore(config);
    config.bool("service_log", false);
    config.note("service_log", "accepted; the service's logs are its pods' logs");
    config.bool("static_ips", false);
    config.note("static_ips", NO_MEANING);
    for (String access : List.of("private_access", "privatelink_access")) {
      config
          .child(access)
          .ifPresent(
              a -> {
                a.rejectUnknownFields(List.of("prometheus", "redis"));
                a.bool("prometheus", false);
                a.bool("redis", false);
              });
      config.note(access, NO_MEANING);
    }
    config
        .list("additional_backup_regions")
        .ifPresent(
            regions -> {
              if (regions.size() > 1) {
                config.reportInvalid("additional_backup_regions", "must have at most 1 item");
              }
            });
    config.note("additional_backup_regions", NO_MEANING);
    Optional<RedisDataSource.Migration> migration =
        config.child("migration").flatMap(AivenMigration::read);
    if (restore.isPresent() && migration.isPresent()) {
      config.reportInvalid(
          "service_to_fork_from",
          "cannot be combined with migration: the new app's data comes from one source");
    }
    boolean publicRedis = false;
    boolean publicPrometheus = false;
    Optional<FieldReader> publicAccess = config.child("public_access");
    if (publicAccess.isPresent()) {
      publicAccess.get().rejectUnknownFields(List.of("prometheus", "redis"));
      publicRedis = publicAccess.get().bool("redis", false);
      publicPrometheus = publicAccess.get().bool("prometheus", false);
    }
    return new AivenUserConfig(
        new RedisTuning(directives),
        persistence,
        version,
        migration,
        AivenIpFilter.read(config),
        publicRedis,
        publicPrometheus,
        tls,
        restore);
  }

  /**
   * Aiven's fork is Mooring's restore: the new app starts from a backup of another app in the same
   * namespace, {@code recovery_basebackup_name} naming which (the latest without it). Another
   * project has no counterpart, and a base backup without a service to fork from would restore an
   * app onto itself, which a restore never does.
   */
  private static Optional<RedisRestore> restore(FieldReader config) {
    config
        .matching("project_to_fork_from", 63, FORK_NAME)
        .filter(v -> !v.isEmpty())
        .ifPresent(v -> config.refuse("project_to_fork_from", OTHER_PROJECT));
    Optional<String> service =
        config.matching("service_to_fork_from", 64, FORK_NAME).filter(v -> !v.isEmpty());
    Optional<String> basebackup = config.matching("recovery_basebackup_name", 128, BASEBACKUP);
    if (service.isEmpty()) {
      basebackup.ifPresent(v -> config.refuse("recovery_basebackup_name", NO_FORK));
      return Optional.empty();
    }
    String backup = basebackup.orElse(RedisRestore.LATEST);
    if (!backup.equals(RedisRestore.LATEST)
        && !RedisBackupFields.BACKUP_NAME.matcher(backup).matches()) {
      config.reportInvalid(
          "recovery_basebackup_name",
          "must be latest or a backup's name as `mooring backups list` shows it, the UTC second"
              + " it was taken (e.g. 20261130T120000Z)");
    }
    SourceLocation at =
        config
            .value("service_to_fork_from")
            .map(YamlNode::location)
            .orElse(config.mapping().location());
    return Optional.of(
        new RedisRestore(
            service.get(), backup, Optional.empty(), at, "spec.userConfig.service_to_fork_from"));
  }
}
