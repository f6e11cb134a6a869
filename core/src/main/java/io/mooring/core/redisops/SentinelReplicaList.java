package io.mooring.core.redisops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The replicas a Sentinel knows for a master, read from {@code SENTINEL REPLICAS <name>}: one
 * field/value list per replica, flattened one item a line. A Sentinel learns a replica only from
 * the master's {@code INFO}, which it asks every 10 seconds; a failover it runs promotes among the
 * replicas it knows and moves only those to the new master, so a replica it does not know yet (or
 * knows only at an address it had before a restart) would stay behind, following the old master.
 */
public final class SentinelReplicaList {
  private SentinelReplicaList() {}

  /**
   * Whether the reply is the list itself (empty when the Sentinel knows no replica) rather than an
   * error, which tells nothing about the replicas.
   */
  public static boolean isList(String reply) {
    return reply.isEmpty() || reply.startsWith("name\n");
  }

  /** Each replica's fields, in the order the Sentinel lists them. */
  static List<Map<String, String>> parse(String reply) {
    List<Map<String, String>> replicas = new ArrayList<>();
    String[] lines = reply.split("\n", -1);
    Map<String, String> current = null;
    for (int i = 0; i + 1 < lines.length; i += 2) {
      if (lines[i].equals("name") || current == null) {
        current = new LinkedHashMap<>();
        replicas.add(current);
      }
      current.put(lines[i], lines[i + 1]);
    }
    return replicas;
  }

  /**
   * The addresses of the replicas the Sentinel can promote and reconfigure now: reachable, not down
   * in its view ({@code flags} exactly {@code slave}).
   */
  public static Set<String> healthyAddresses(String reply) {
    Set<String> addresses = new LinkedHashSet<>();
    for (Map<String, String> replica : parse(reply)) {
      if ("slave".equals(replica.get("flags")) && replica.containsKey("ip")) {
        addresses.add(replica.get("ip"));
      }
    }
    return addresses;
  }
}
