package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.mooring.core.render.common.ConfigHash;
import io.mooring.core.spec.RedisPersistence;
import io.mooring.core.spec.RedisSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Redis pods' ConfigMap: the base redis.conf and the start and preStop scripts. It holds no
 * password and nothing specific to one pod; the start script adds those to a writable copy.
 */
final class RedisConfigModel {
  static final String MOUNT_PATH = "/etc/mooring";
  static final String REDIS_CONF = "redis.conf";
  static final String START_SCRIPT = "start.sh";
  static final String PRESTOP_SCRIPT = "prestop.sh";

  /** Where the start script writes the config redis-server runs with; see redis-start.sh. */
  static final String DATA_PATH = "/data";

  private static final String REDIS_6_2 = "6.2";

  private final RedisContext context;

  RedisConfigModel(RedisContext context) {
    this.context = context;
  }

  Map<String, String> data() {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(REDIS_CONF, redisConf(directives()));
    data.putAll(scripts());
    // Not in the config hash: rules reach running servers live, and a new user rolls the pods
    // through the start container's environment anyway.
    data.putAll(new RedisAclModel(context).configFiles());
    data.putAll(new RedisAclModel(context).internalUsersFile(false));
    return data;
  }

  private Map<String, String> scripts() {
    Map<String, String> values = RedisScripts.values(context);
    String cliArgs = new RedisTlsModel(context).cliArgs();
    Map<String, String> scripts = new LinkedHashMap<>();
    String start = RedisScripts.render("redis-start.sh", values, cliArgs);
    if (new RedisAclModel(context).writesAclFile()) {
      // Only apps with users (their own or Mooring's) run it.
      start = start + "\n" + RedisAclFiles.startScriptPart();
    }
    scripts.put(START_SCRIPT, start);
    scripts.put(PRESTOP_SCRIPT, RedisScripts.render("redis-prestop.sh", values, cliArgs));
    return scripts;
  }

  ConfigMap generateConfigMap() {
    return new ConfigMapBuilder()
        .withMetadata(context.meta(context.names().redisConfig(), RedisContext.COMPONENT_REDIS))
        .withData(data())
        .build();
  }

  /**
   * Changes to the scripts or to a restart-only directive roll the Redis pods; nothing else does.
   * Live directives ({@link RedisDirectives}) reach running servers without a restart, and a pod
   * that starts later reads them from the ConfigMap.
   */
  String configHash() {
    Map<String, String> restartOnly = new LinkedHashMap<>();
    directives()
        .forEach(
            (directive, value) -> {
              if (!RedisDirectives.live(directive)) {
                restartOnly.put(directive, value);
              }
            });
    Map<String, String> parts = new LinkedHashMap<>(scripts());
    // Mooring's own users are fixed, not the spec's: a change of their rules comes with a release
    // and rolls the pods.
    parts.putAll(new RedisAclModel(context).internalUsersFile(false));
    parts.put(REDIS_CONF, redisConf(restartOnly));
    return ConfigHash.of(parts);
  }

  /**
   * Every directive of the base redis.conf in file order, Mooring's own first and the spec's tuning
   * after them.
   */
  Map<String, String> directives() {
    RedisSpec spec = context.spec();
    Map<String, String> directives = new LinkedHashMap<>();
    // "every IPv4 address, and IPv6 ones where the node has IPv6" is Redis 7.0 syntax, which 6.2
    // refuses; without a bind line 6.2 listens on every address of both families.
    if (!spec.engine().version().equals(Optional.of(REDIS_6_2))) {
      directives.put("bind", "* -::*");
    }
    if (spec.tls().enabled()) {
      directives.putAll(new RedisTlsModel(context).redisDirectives());
    } else {
      directives.put("port", Integer.toString(RedisPorts.REDIS));
    }
    // Access is controlled by the password and by network policy, not by loopback-only protected
    // mode.
    directives.put("protected-mode", "no");
    RedisPersistence persistence = spec.persistence();
    directives.put("appendonly", persistence.appendOnly() ? "yes" : "no");
    if (persistence.appendOnly()) {
      directives.put("appendfsync", persistence.fsync().configValue());
      // Point-in-time restore cuts the file at a second: redis-check-aof --truncate-to-timestamp
      // needs the #TS annotations this writes.
      if (spec.protection().timestampedAppendOnlyFile()) {
        directives.put("aof-timestamp-enabled", "yes");
      }
    }
    persistence.rdbSave().ifPresent(save -> directives.put("save", save));
    // A full Redis refuses writes instead of growing until the kernel kills it; see
    // RedisMemoryBudget for the headroom.
    directives.put(
        "maxmemory", RedisMemoryBudget.maxmemoryMib(spec.resources().memoryLimit()) + "mb");
    directives.put(
        "maxmemory-policy",
        spec.tuning().directives().getOrDefault("maxmemory-policy", RedisMemoryBudget.POLICY));
    if (spec.highlyAvailable()) {
      // A master cut off from too many replicas stops taking writes that a failover would discard;
      // see RedisWriteGuard for the count.
      directives.put(
          "min-replicas-to-write",
          Integer.toString(RedisWriteGuard.minReplicasToWrite(spec.replicas())));
      directives.put("min-replicas-max-lag", Integer.toString(RedisWriteGuard.MAX_LAG_SECONDS));
    }
    if (new RedisAclModel(context).writesAclFile()) {
      directives.put("aclfile", RedisAclModel.ACL_FILE);
    }
    spec.tuning().directives().forEach(directives::putIfAbsent);
    return directives;
  }

  private String redisConf(Map<String, String> directives) {
    StringBuilder conf = new StringBuilder();
    conf.append("# Base configuration of ")
        .append(context.names().redis())
        .append(". ")
        .append("The start script copies it onto the data volume and appends\n")
        .append("# the pod's stable name, its role and the password from the Secret.\n");
    directives.forEach(
        (directive, value) -> conf.append(RedisDirectives.confLine(directive, value)).append('\n'));
    return conf.toString();
  }
}
