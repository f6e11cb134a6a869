package io.mooring.core.redisops;

import java.util.Optional;

/**
 * What one Redis pod of a Sentinel set reports, as a roll sees it.
 *
 * @param pod the pod's name
 * @param ordinal its ordinal in the StatefulSet
 * @param updated true when the pod runs the StatefulSet's current template
 * @param role what the server says it is ({@link Role#UNREACHABLE} when it does not answer)
 * @param linkUp for a replica: {@code master_link_status:up} and no sync in progress
 * @param caughtUp for a replica: its offset reached the master's offset as read just before
 * @param busy loading its data or still writing the append-only file of a full resync; a server
 *     refuses to stop while it writes that file
 * @param version the server's {@code redis_version}, when it answered
 */
public record RedisNode(
    String pod,
    int ordinal,
    boolean updated,
    Role role,
    boolean linkUp,
    boolean caughtUp,
    boolean busy,
    Optional<String> version) {

  /** The replication role a server reports. */
  public enum Role {
    MASTER,
    REPLICA,
    UNREACHABLE
  }

  public boolean isMaster() {
    return role == Role.MASTER;
  }

  /** A replica that follows its master and has everything the master had a moment ago. */
  public boolean healthyReplica() {
    return role == Role.REPLICA && linkUp && caughtUp && !busy;
  }

  /** Why the pod is not a healthy replica, in words for the status. */
  public String replicaProblem() {
    return switch (role) {
      case UNREACHABLE -> "does not answer";
      case MASTER -> "reports itself master";
      case REPLICA ->
          !linkUp
              ? "its link to the master is not up"
              : !caughtUp
                  ? "has not caught up"
                  : busy ? "is still loading or writing its append-only file" : "";
    };
  }
}
