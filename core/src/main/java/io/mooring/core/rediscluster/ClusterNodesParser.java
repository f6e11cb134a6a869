package io.mooring.core.rediscluster;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the reply of CLUSTER NODES: {@code <id> <ip:port@cport[,hostname]> <flags> <master>
 * <ping-sent> <pong-recv> <config-epoch> <link-state> <slot>...}, where a slot is {@code n}, {@code
 * a-b}, {@code [n->-id]} (migrating) or {@code [n-<-id]} (importing).
 */
public final class ClusterNodesParser {
  private static final Pattern SPACES = Pattern.compile(" +");
  private static final Pattern COMMAS = Pattern.compile(",");

  private ClusterNodesParser() {}

  public static List<ClusterNode> parse(String reply) {
    List<ClusterNode> nodes = new ArrayList<>();
    for (String line : reply.lines().toList()) {
      if (!line.isBlank()) {
        nodes.add(parseLine(line.strip()));
      }
    }
    return nodes;
  }

  static ClusterNode parseLine(String line) {
    String[] fields = SPACES.split(line, -1);
    if (fields.length < 8) {
      throw new IllegalArgumentException("not a CLUSTER NODES line: " + line);
    }
    String address = fields[1];
    String hostname = "";
    int comma = address.indexOf(',');
    if (comma >= 0) {
      hostname = address.substring(comma + 1);
      address = address.substring(0, comma);
    }
    int at = address.indexOf('@');
    if (at >= 0) {
      address = address.substring(0, at);
    }
    int colon = address.lastIndexOf(':');
    String ip = colon > 0 ? address.substring(0, colon) : "";
    int port = colon >= 0 ? Integer.parseInt(address.substring(colon + 1)) : 0;
    BitSet slots = new BitSet(SlotRange.SLOTS);
    Map<Integer, String> migrating = new HashMap<>();
    Map<Integer, String> importing = new HashMap<>();
    for (int i = 8; i < fields.length; i++) {
      String slot = fields[i];
      if (slot.startsWith("[")) {
        String body = slot.substring(1, slot.length() - 1);
        int to = body.indexOf("->-");
        int from = body.indexOf("-<-");
        if (to > 0) {
          migrating.put(Integer.parseInt(body.substring(0, to)), body.substring(to + 3));
        } else if (from > 0) {
          importing.put(Integer.parseInt(body.substring(0, from)), body.substring(from + 3));
        }
      } else {
        int dash = slot.indexOf('-');
        int start = Integer.parseInt(dash < 0 ? slot : slot.substring(0, dash));
        int end = dash < 0 ? start : Integer.parseInt(slot.substring(dash + 1));
        slots.set(start, end + 1);
      }
    }
    return new ClusterNode(
        fields[0],
        ip,
        port,
        hostname,
        Set.of(COMMAS.split(fields[2], -1)),
        "-".equals(fields[3]) ? null : fields[3],
        "connected".equals(fields[7]),
        slots,
        migrating,
        importing);
  }
}
