package io.mooring.core.spec;

import java.util.Map;

/**
 * The Secret applications mount to reach an app: {@code <prefix>HOST}, {@code PORT}, {@code USER},
 * {@code PASSWORD}, {@code SSL} and {@code URI}. Every app has one unless its spec turns it off.
 *
 * @param enabled false when the spec asks for none
 * @param name the Secret's name in the app's namespace
 * @param prefix put before every key as written ("" for none)
 * @param labels added to the Secret beside Mooring's own
 * @param annotations added to the Secret beside Mooring's own
 */
public record ConnectionSecret(
    boolean enabled,
    String name,
    String prefix,
    Map<String, String> labels,
    Map<String, String> annotations) {

  public ConnectionSecret {
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }

  /** A Secret with Mooring's labels only. */
  public static ConnectionSecret named(String name, String prefix) {
    return new ConnectionSecret(true, name, prefix, Map.of(), Map.of());
  }

  public static ConnectionSecret none() {
    return new ConnectionSecret(false, "", "", Map.of(), Map.of());
  }

  /** Cozystack Redis: {@code <app>-redis-conn} with {@code REDIS_} keys. */
  public static ConnectionSecret defaultForRedis(AppRef ref) {
    return named(ref.name() + "-redis-conn", "REDIS_");
  }

  /** Cozystack NATS: {@code <app>-nats-conn} with {@code NATS_} keys. */
  public static ConnectionSecret defaultForNats(AppRef ref) {
    return named(ref.name() + "-nats-conn", "NATS_");
  }
}
