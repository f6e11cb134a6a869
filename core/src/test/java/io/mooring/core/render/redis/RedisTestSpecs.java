package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.Quantity;
import io.mooring.core.render.common.ConfigHash;
import io.mooring.core.render.common.PasswordGenerator;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppLifecycle;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.ComputeResources;
import io.mooring.core.spec.RedisDataSource;
import io.mooring.core.spec.RedisEngine;
import io.mooring.core.spec.RedisPersistence;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.ResourcePreset;
import io.mooring.core.spec.SourceLocation;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Redis specs of the seed documents and the cases the renderer must handle, built directly. */
final class RedisTestSpecs {
  /**
   * Stable, alphanumeric, 40 characters, different per purpose, like the secure generator's output.
   */
  static final PasswordGenerator FIXED_PASSWORDS =
      purpose -> ("Pw" + ConfigHash.sha1Hex(purpose)).substring(0, PasswordGenerator.LENGTH);

  static final RenderOptions OPTIONS = RenderOptions.defaults().withPasswords(FIXED_PASSWORDS);

  private RedisTestSpecs() {}

  static RedisSpec spec(
      String name,
      int replicas,
      ComputeResources resources,
      String size,
      String storageClass,
      boolean external,
      boolean authEnabled) {
    return new RedisSpec(
        new AppRef(AppKind.REDIS, "default", name),
        SourceLocation.ofFile("apps/" + name + ".yaml"),
        Map.of(),
        replicas,
        resources,
        new Quantity(size),
        storageClass,
        external,
        authEnabled,
        AppLifecycle.NONE,
        RedisEngine.DEFAULT,
        RedisPersistence.DEFAULT,
        RedisDataSource.EMPTY);
  }

  /** Seed 000's {@code spec:} left empty: every default. */
  static RedisSpec seedEmptySpec() {
    return spec(
        "example",
        RedisSpec.DEFAULT_REPLICAS,
        ResourcePreset.DEFAULT.resources(),
        "1Gi",
        "",
        false,
        true);
  }

  /** Seed 000's full example: three replicas, explicit resources, replicated storage, external. */
  static RedisSpec seedThreeReplicas() {
    ComputeResources resources =
        ComputeResources.explicit(new Quantity("1000m"), new Quantity("1Gi"));
    return spec("example", 3, resources, "2Gi", "replicated", true, true);
  }

  static RedisSpec withPreset(ResourcePreset preset) {
    return spec("example", 2, preset.resources(), "1Gi", "", false, true);
  }

  /** Every case the golden files cover, by file name. */
  static Map<String, RedisSpec> cases() {
    Map<String, RedisSpec> cases = new LinkedHashMap<>();
    ComputeResources defaults = ResourcePreset.DEFAULT.resources();
    cases.put("empty-spec", seedEmptySpec());
    cases.put("seed-three-replicas", seedThreeReplicas());
    cases.put("standalone", spec("example", 1, defaults, "1Gi", "", false, true));
    cases.put("auth-disabled", spec("example", 2, defaults, "1Gi", "", false, false));
    cases.put("external", spec("example", 2, defaults, "1Gi", "", true, true));
    cases.put("external-standalone", spec("example", 1, defaults, "1Gi", "", true, true));
    cases.put(
        "explicit-resources",
        spec(
            "example",
            2,
            ComputeResources.explicit(new Quantity("4000m"), new Quantity("4Gi")),
            "1Gi",
            "",
            false,
            true));
    return cases;
  }
}
