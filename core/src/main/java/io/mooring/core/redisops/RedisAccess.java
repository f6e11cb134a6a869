package io.mooring.core.redisops;

import java.util.List;
import java.util.Optional;

/**
 * How a roll talks to one set's servers. The daemon reaches the pods by their cluster DNS names;
 * tests reach processes on loopback.
 */
public interface RedisAccess {
  /**
   * Runs a command on a pod's Redis server; the reply as text (an error reply starts with its
   * code), array items one per line; empty when the server does not answer.
   */
  Optional<String> redis(String pod, List<String> command);

  /** Runs a command on the first Sentinel that answers; empty when none does. */
  Optional<String> sentinel(List<String> command);

  /**
   * The pod a Sentinel names by its address (a pod's DNS name or IP); empty when it is none of the
   * set's.
   */
  Optional<String> podAt(String address);
}
