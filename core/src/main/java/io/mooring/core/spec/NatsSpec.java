package io.mooring.core.spec;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A NATS app in canonical form (Cozystack's {@code NATS}/{@code Nats} maps onto it field for
 * field). {@code users} keeps the order of the file; a user with no password gets a generated one.
 * {@code configMerge} and {@code configResolver} are free-form maps, as in the Cozystack API.
 */
public record NatsSpec(
    AppRef ref,
    SourceLocation source,
    Map<String, String> annotations,
    int replicas,
    ComputeResources resources,
    String storageClass,
    boolean external,
    Map<String, NatsUser> users,
    Jetstream jetstream,
    Map<String, Object> configMerge,
    Map<String, Object> configResolver)
    implements AppSpec {

  public static final int DEFAULT_REPLICAS = 2;

  public NatsSpec {
    annotations = Map.copyOf(annotations);
    users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
    configMerge = Collections.unmodifiableMap(new LinkedHashMap<>(configMerge));
    configResolver = Collections.unmodifiableMap(new LinkedHashMap<>(configResolver));
  }

  public boolean hasStorageClass() {
    return storageClass != null && !storageClass.isEmpty();
  }

  /** A user allowed to log in; {@code password} is null when Mooring must generate one. */
  public record NatsUser(String name, String password) {
    public boolean hasPassword() {
      return password != null && !password.isEmpty();
    }

    @Override
    public String toString() {
      return "NatsUser[" + name + ", password=" + (hasPassword() ? "***" : "generated") + "]";
    }
  }

  public record Jetstream(boolean enabled, Quantity size) {
    public static final Quantity DEFAULT_SIZE = new Quantity("10Gi");
  }
}
