package io.mooring.core.redis;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.render.redis.RedisNames;
import io.mooring.core.render.redis.RedisPorts;
import io.mooring.core.render.rediscluster.RedisClusterNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Where a Redis app's servers answer, for a password rotation that must reach every one. */
public interface RotationServers {
  /** The Redis pods, by ordinal. */
  List<RedisAclSync.Server> redis(RedisNames names, int replicas);

  /** Every Sentinel of an app that has them; a missing one is an error, not a smaller list. */
  List<RedisAclSync.Server> sentinels(RedisNames names);

  /**
   * Every node of a Redis Cluster, shard by shard, each by its stable DNS name (the name it
   * announces to the cluster).
   */
  default List<RedisAclSync.Server> clusterNodes(
      RedisClusterNames names, int masters, int nodesPerShard) {
    List<RedisAclSync.Server> servers = new ArrayList<>();
    for (int shard = 0; shard < masters; shard++) {
      for (int ordinal = 0; ordinal < nodesPerShard; ordinal++) {
        servers.add(
            new RedisAclSync.Server(
                names.pod(shard, ordinal), names.podFqdn(shard, ordinal), RedisPorts.REDIS));
      }
    }
    return servers;
  }

  /**
   * In the cluster: each Redis pod by its stable DNS name; the Sentinels, a Deployment's pods
   * without stable names, by their pod IPs, every one of them running.
   */
  static RotationServers inCluster(
      KubernetesClient client, Function<ObjectKey, HasMetadata> liveObjects) {
    return new RotationServers() {
      @Override
      public List<RedisAclSync.Server> redis(RedisNames names, int replicas) {
        List<RedisAclSync.Server> servers = new ArrayList<>();
        for (int ordinal = 0; ordinal < replicas; ordinal++) {
          servers.add(
              new RedisAclSync.Server(
                  names.pod(ordinal), names.podFqdn(ordinal), RedisPorts.REDIS));
        }
        return servers;
      }

      @Override
      public List<RedisAclSync.Server> sentinels(RedisNames names) {
        ObjectKey key = new ObjectKey("Deployment", names.namespace(), names.sentinel());
        if (!(liveObjects.apply(key) instanceof Deployment deployment)
            || deployment.getSpec() == null
            || deployment.getSpec().getSelector() == null) {
          throw new IllegalStateException(key + " is not in the cluster yet");
        }
        Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
        int wanted =
            deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        List<Pod> pods;
        try {
          pods =
              client.pods().inNamespace(names.namespace()).withLabels(selector).list().getItems();
        } catch (KubernetesClientException e) {
          throw new IllegalStateException(
              "cannot list the pods of " + key + " (does Mooring's role allow list on Pods?)", e);
        }
        List<RedisAclSync.Server> servers = new ArrayList<>();
        for (Pod pod : pods) {
          if (pod.getMetadata().getDeletionTimestamp() == null
              && pod.getStatus() != null
              && "Running".equals(pod.getStatus().getPhase())
              && pod.getStatus().getPodIP() != null) {
            servers.add(
                new RedisAclSync.Server(
                    pod.getMetadata().getName(), pod.getStatus().getPodIP(), RedisPorts.SENTINEL));
          }
        }
        if (servers.size() != wanted) {
          throw new IllegalStateException(
              key
                  + " has "
                  + servers.size()
                  + " running Sentinel pods of "
                  + wanted
                  + "; the rotation waits until every Sentinel can be told");
        }
        return servers;
      }
    };
  }
}
