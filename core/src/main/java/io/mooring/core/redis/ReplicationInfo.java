package io.mooring.core.redis;

import java.util.HashMap;
import java.util.Map;

/** The fields of {@code INFO replication} that a migration waits on. */
public record ReplicationInfo(Map<String, String> fields) {

  public static ReplicationInfo parse(String info) {
    Map<String, String> fields = new HashMap<>();
    for (String line : info.split("\r?\n", -1)) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#")) {
        fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
      }
    }
    return new ReplicationInfo(Map.copyOf(fields));
  }

  public String role() {
    return fields.getOrDefault("role", "");
  }

  public boolean linkUp() {
    return "up".equals(fields.get("master_link_status"));
  }

  public boolean syncInProgress() {
    return !"0".equals(fields.get("master_sync_in_progress"));
  }

  /** The replication offset this server has reached (as master: produced; as replica: applied). */
  public long offset() {
    String value =
        fields.getOrDefault("slave_repl_offset", fields.getOrDefault("master_repl_offset", "-1"));
    return Long.parseLong(value);
  }

  public long masterOffset() {
    return Long.parseLong(fields.getOrDefault("master_repl_offset", "-1"));
  }
}
