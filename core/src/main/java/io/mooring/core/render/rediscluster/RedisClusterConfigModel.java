package io.mooring.core.render.rediscluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.mooring.core.render.common.ConfigHash;
import io.mooring.core.render.redis.RedisAclFiles;
import io.mooring.core.render.redis.RedisMemoryBudget;
import io.mooring.core.render.redis.RedisPorts;
import io.mooring.core.spec.RedisPersistence;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ConfigMap every node of the cluster mounts: the base redis.conf and the start script. It is
 * the same for every shard and does not depend on the number of masters or replicas, so scaling
 * rolls no pod; it holds no password and nothing specific to one pod: the start script adds those.
 * It also holds the names and rules of the ACL users (Mooring's own and the spec's), from which the
 * start script writes the ACL file.
 */
final class RedisClusterConfigModel {
  static final String MOUNT_PATH = "/etc/mooring";
  static final String REDIS_CONF = "redis.conf";
  static final String START_SCRIPT = "start.sh";
  static final String DATA_PATH = "/data";

  /**
   * How long a node may be unreachable before the others mark it failed and promote a replica.
   * Redis's own default: shorter makes a slow node (a long fork for an AOF rewrite) look dead.
   */
  static final int NODE_TIMEOUT_MILLIS = 15000;

  // Read once: the script never changes at run time, and thousands of apps may render.
  private static final String START_TEMPLATE = load("cluster-start.sh");

  private final RedisClusterContext context;

  RedisClusterConfigModel(RedisClusterContext context) {
    this.context = context;
  }

  Map<String, String> data() {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(REDIS_CONF, redisConf());
    data.put(START_SCRIPT, startScript());
    data.putAll(RedisAclFiles.configFiles(context.spec().aclUsers()));
    data.putAll(RedisAclFiles.internalUsersFile(RedisClusterInternalUsers.ALL));
    return data;
  }

  ConfigMap generateConfigMap() {
    return new ConfigMapBuilder()
        .withMetadata(context.meta(context.names().config(), RedisClusterLabels.COMPONENT_REDIS))
        .withData(data())
        .build();
  }

  /**
   * Changes to the config or the script roll the nodes; nothing else does. Users' rules are not in
   * it: they reach running nodes live, and a new user rolls the nodes through the start container's
   * environment anyway.
   */
  String configHash() {
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put(REDIS_CONF, redisConf());
    parts.put(START_SCRIPT, startScript());
    return ConfigHash.of(parts);
  }

  private String redisConf() {
    StringBuilder conf = new StringBuilder();
    conf.append("# Base configuration of every node of ")
        .append(context.names().client())
        .append(". The start script copies it onto the data\n")
        .append("# volume and appends the node's stable DNS name and the password from the")
        .append(" Secret.\n");
    conf.append("bind * -::*\n");
    RedisClusterTlsModel tls = new RedisClusterTlsModel(context);
    if (tls.enabled()) {
      tls.directives()
          .forEach(
              (directive, value) -> conf.append(directive).append(' ').append(value).append('\n'));
    } else {
      conf.append("port ").append(RedisPorts.REDIS).append('\n');
    }
    // Access is controlled by the password and by network policy, not by loopback-only protected
    // mode.
    conf.append("protected-mode no\n");
    conf.append("cluster-enabled yes\n");
    // Written, not left to Redis's port + 10000, so that the headless Service and the pod name the
    // same port.
    conf.append("cluster-port ").append(RedisPorts.CLUSTER_BUS).append('\n');
    conf.append("cluster-node-timeout ").append(NODE_TIMEOUT_MILLIS).append('\n');
    // Redirects (MOVED, ASK) and CLUSTER SHARDS name the node's stable DNS name, not its IP, which
    // changes whenever the pod is replaced.
    conf.append("cluster-preferred-endpoint-type hostname\n");
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
    persistence
        .rdbSave()
        .ifPresent(
            rules -> conf.append("save ").append(rules.isEmpty() ? "\"\"" : rules).append('\n'));
    // A full node refuses writes instead of growing until the kernel kills it; see
    // RedisMemoryBudget for the headroom.
    conf.append("maxmemory ")
        .append(RedisMemoryBudget.maxmemoryMib(context.spec().resources().memoryLimit()))
        .append("mb\n");
    conf.append("maxmemory-policy ").append(RedisMemoryBudget.POLICY).append('\n');
    // Always: Mooring's own users (RedisClusterInternalUsers) are in it.
    conf.append("aclfile ").append(RedisAclFiles.ACL_FILE).append('\n');
    return conf.toString();
  }

  private String startScript() {
    String script =
        START_TEMPLATE.replace("@@HEADLESS_DOMAIN@@", "'" + context.names().headlessDomain() + "'");
    return script + "\n" + RedisAclFiles.startScriptPart();
  }

  private static String load(String file) {
    try (InputStream in = RedisClusterConfigModel.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("missing script resource " + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
