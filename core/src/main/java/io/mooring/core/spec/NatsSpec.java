package io.mooring.core.spec;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A NATS app in canonical form (Cozystack's {@code NATS}/{@code Nats} maps onto it field for
 * field). {@code users} keeps the order of the file; a user with no password gets a generated one.
 * {@code configMerge} is a free-form map, as in the Cozystack API; {@code configResolver} has been
 * checked against the resolver options operator mode supports. {@code tlsEnabled} is Mooring's
 * extension {@code tls.enabled}: client and route TLS with certificates from the namespace's CA.
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
    Map<String, Object> configResolver,
    ConnectionSecret connectionSecret,
    boolean tlsEnabled)
    implements AppSpec {

  public static final int DEFAULT_REPLICAS = 2;

  /**
   * Where every pod mounts its volume: the JetStream store's, or the resolver's own when JetStream
   * is off. A resolver directory must lie under it, or the account JWTs die with the pod.
   */
  public static final String DATA_DIR = "/data";

  /** The resolver's directory when {@code config.resolver} names none. */
  public static final String DEFAULT_RESOLVER_DIR = DATA_DIR + "/resolver";

  public NatsSpec {
    annotations = Map.copyOf(annotations);
    users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
    configMerge = Collections.unmodifiableMap(new LinkedHashMap<>(configMerge));
    configResolver = Collections.unmodifiableMap(new LinkedHashMap<>(configResolver));
  }

  /**
   * A spec whose connection Secret is {@link ConnectionSecret#defaultForNats}'s, without TLS
   * ({@code tls} is Mooring's extension of Cozystack's API).
   */
  public NatsSpec(
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
      Map<String, Object> configResolver) {
    this(
        ref,
        source,
        annotations,
        replicas,
        resources,
        storageClass,
        external,
        users,
        jetstream,
        configMerge,
        configResolver,
        ConnectionSecret.defaultForNats(ref),
        false);
  }

  /**
   * Operator (JWT) mode: a resolver only works with a trusted operator, so setting {@code
   * config.resolver} makes Mooring generate one, with the accounts and a creds file per user.
   */
  public boolean operatorMode() {
    return !configResolver.isEmpty();
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

  /**
   * JetStream's switch, its volume and the assets Mooring keeps in it.
   *
   * @param assets the streams, consumers and buckets Mooring keeps in the app (none unless
   *     declared; only with JetStream enabled)
   */
  public record Jetstream(boolean enabled, Quantity size, NatsJetStreamAssets assets) {
    public static final Quantity DEFAULT_SIZE = new Quantity("10Gi");

    public Jetstream(boolean enabled, Quantity size) {
      this(enabled, size, NatsJetStreamAssets.NONE);
    }

    /** {@code max_file_store}: the volume with headroom (see {@link NatsStorageBudget}). */
    public long maxFileStoreBytes() {
      return NatsStorageBudget.maxFileStoreBytes(size);
    }
  }
}
