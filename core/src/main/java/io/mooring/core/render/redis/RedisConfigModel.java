package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.mooring.core.render.common.ConfigHash;
import io.mooring.core.spec.RedisPersistence;
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
    Map<String, String> values = RedisScripts.values(context);
    Map<String, String> data = new LinkedHashMap<>();
    data.put(REDIS_CONF, redisConf());
    data.put(START_SCRIPT, RedisScripts.render("redis-start.sh", values));
    data.put(PRESTOP_SCRIPT, RedisScripts.render("redis-prestop.sh", values));
    return data;
  }

  ConfigMap generateConfigMap() {
    return new ConfigMapBuilder()
        .withMetadata(context.meta(context.names().redisConfig(), RedisContext.COMPONENT_REDIS))
        .withData(data())
        .build();
  }

  /** Changes to the config or the scripts roll the Redis pods; nothing else does. */
  String configHash() {
    return ConfigHash.of(data());
  }

  private String redisConf() {
    StringBuilder conf = new StringBuilder();
    conf.append("# Base configuration of ")
        .append(context.names().redis())
        .append(". ")
        .append("The start script copies it onto the data volume and appends\n")
        .append("# the pod's stable name, its role and the password from the Secret.\n");
    // "every IPv4 address, and IPv6 ones where the node has IPv6" is Redis 7.0 syntax, which 6.2
    // refuses; without a bind line 6.2 listens on every address of both families.
    if (!context.spec().engine().version().equals(Optional.of(REDIS_6_2))) {
      conf.append("bind * -::*\n");
    }
    conf.append("port ").append(RedisPorts.REDIS).append('\n');
    // Access is controlled by the password and by network policy, not by loopback-only protected
    // mode.
    conf.append("protected-mode no\n");
    RedisPersistence persistence = context.spec().persistence();
    if (persistence.appendOnly()) {
      conf.append("appendonly yes\n");
      conf.append("appendfsync ").append(persistence.fsync().configValue()).append('\n');
      // Point-in-time restore cuts the file at a second: redis-check-aof --truncate-to-timestamp
      // needs the #TS annotations this writes.
      if (context.spec().protection().timestampedAppendOnlyFile()) {
        conf.append("aof-timestamp-enabled yes\n");
      }
    } else {
      conf.append("appendonly no\n");
    }
    // save "" turns RDB snapshots off; otherwise the rules, e.g. save 3600 1 300 100.
    persistence
        .rdbSave()
        .ifPresent(
            rules -> conf.append("save ").append(rules.isEmpty() ? "\"\"" : rules).append('\n'));
    // A full Redis refuses writes instead of growing until the kernel kills it; see
    // RedisMemoryBudget for the headroom.
    conf.append("maxmemory ")
        .append(RedisMemoryBudget.maxmemoryMib(context.spec().resources().memoryLimit()))
        .append("mb\n");
    conf.append("maxmemory-policy ").append(RedisMemoryBudget.POLICY).append('\n');
    if (context.spec().highlyAvailable()) {
      // A master cut off from too many replicas stops taking writes that a failover would discard;
      // see RedisWriteGuard for the count.
      conf.append("min-replicas-to-write ")
          .append(RedisWriteGuard.minReplicasToWrite(context.spec().replicas()))
          .append('\n');
      conf.append("min-replicas-max-lag ").append(RedisWriteGuard.MAX_LAG_SECONDS).append('\n');
    }
    return conf.toString();
  }
}
