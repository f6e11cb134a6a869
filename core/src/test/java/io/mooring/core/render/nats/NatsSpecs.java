package io.mooring.core.render.nats;

import io.fabric8.kubernetes.api.model.Quantity;
import io.mooring.core.render.common.PasswordGenerator;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.ConnectionSecret;
import io.mooring.core.spec.NatsSpec;
import io.mooring.core.spec.NatsSpec.Jetstream;
import io.mooring.core.spec.NatsSpec.NatsUser;
import io.mooring.core.spec.ResourcePreset;
import io.mooring.core.spec.SourceLocation;
import java.util.LinkedHashMap;
import java.util.Map;

/** NATS specs as the seed's examples describe them, built directly for the renderer's tests. */
final class NatsSpecs {
  static final SourceLocation SOURCE = new SourceLocation("apps/nats.yaml", 1, 1);

  /** Generated passwords that say what they are for, so golden files stay stable and readable. */
  static final PasswordGenerator PASSWORDS = purpose -> "generated-" + purpose.replace('/', '-');

  static final RenderOptions OPTIONS = RenderOptions.defaults().withPasswords(PASSWORDS);

  private NatsSpecs() {}

  /** The seed's first example: {@code kind: Nats}, 2 replicas, nano, a user with a password. */
  static NatsSpec seedNats() {
    return builder("nats").replicas(2).user("user1", "mypassword").build();
  }

  /**
   * The seed's full example: {@code kind: NATS}, large, storage class, config.merge and resolver.
   */
  static NatsSpec seedFullNats() {
    Map<String, Object> merge = new LinkedHashMap<>();
    merge.put("max_payload", "16MB");
    merge.put("write_deadline", "2s");
    merge.put("debug", false);
    merge.put("trace", false);
    Map<String, Object> resolver = new LinkedHashMap<>();
    resolver.put("type", "full");
    resolver.put("dir", "/data/resolver");
    return builder("nats")
        .replicas(2)
        .preset(ResourcePreset.LARGE)
        .storageClass("replicated")
        .user("user1", "mypassword")
        .merge(merge)
        .resolver(resolver)
        .build();
  }

  static Builder builder(String name) {
    return new Builder(name);
  }

  static final class Builder {
    private final String name;
    private String namespace = "tenant-x";
    private int replicas = 3;
    private ResourcePreset preset = ResourcePreset.NANO;
    private String storageClass = "";
    private boolean external;
    private final Map<String, NatsUser> users = new LinkedHashMap<>();
    private Jetstream jetstream = new Jetstream(true, Jetstream.DEFAULT_SIZE);
    private Map<String, Object> merge = Map.of();
    private Map<String, Object> resolver = Map.of();
    private boolean tls;

    private Builder(String name) {
      this.name = name;
    }

    Builder namespace(String value) {
      namespace = value;
      return this;
    }

    Builder replicas(int value) {
      replicas = value;
      return this;
    }

    Builder preset(ResourcePreset value) {
      preset = value;
      return this;
    }

    Builder storageClass(String value) {
      storageClass = value;
      return this;
    }

    Builder external(boolean value) {
      external = value;
      return this;
    }

    /** A user; a null password asks Mooring to generate one. */
    Builder user(String user, String password) {
      users.put(user, new NatsUser(user, password));
      return this;
    }

    Builder jetstream(boolean enabled, String size) {
      jetstream = new Jetstream(enabled, new Quantity(size));
      return this;
    }

    Builder merge(Map<String, Object> value) {
      merge = value;
      return this;
    }

    Builder resolver(Map<String, Object> value) {
      resolver = value;
      return this;
    }

    Builder tls(boolean enabled) {
      tls = enabled;
      return this;
    }

    NatsSpec build() {
      AppRef ref = new AppRef(AppKind.NATS, namespace, name);
      return new NatsSpec(
          ref,
          SOURCE,
          Map.of(),
          replicas,
          preset.resources(),
          storageClass,
          external,
          users,
          jetstream,
          merge,
          resolver,
          ConnectionSecret.defaultForNats(ref),
          tls);
    }
  }
}
