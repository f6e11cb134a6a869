package io.mooring.core.render.rediscluster;

import io.fabric8.kubernetes.api.model.Quantity;
import io.mooring.core.render.common.ConfigHash;
import io.mooring.core.render.common.PasswordGenerator;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.PasswordRotation;
import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.spec.RedisEngine;
import io.mooring.core.spec.RedisPersistence;
import io.mooring.core.spec.ResourcePreset;
import io.mooring.core.spec.SourceLocation;
import io.mooring.core.spec.SpecParseResult;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Redis Cluster specs for the render tests: the seed's, parsed, and ones built directly. */
public final class RedisClusterTestSpecs {
  /** Stable, alphanumeric, 40 characters, different per purpose, like the secure generator's. */
  static final PasswordGenerator FIXED_PASSWORDS =
      purpose -> ("Pw" + ConfigHash.sha1Hex(purpose)).substring(0, PasswordGenerator.LENGTH);

  static final RenderOptions OPTIONS = RenderOptions.defaults().withPasswords(FIXED_PASSWORDS);

  private RedisClusterTestSpecs() {}

  /** The seed's RedisCluster sample as validate reads it. */
  static RedisClusterSpec seed() {
    try {
      SpecParseResult result =
          SpecParser.standard(SpecParserOptions.defaults())
              .parsePaths(
                  List.of(
                      Path.of(
                          "src", "test", "resources", "spec", "hera", "seed-redis-cluster.yaml")));
      return (RedisClusterSpec) result.specs().get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static RedisClusterSpec spec(
      String name, int masters, int replicasPerMaster, boolean persistent) {
    return new RedisClusterSpec(
        new AppRef(AppKind.REDIS_CLUSTER, "default", name),
        SourceLocation.ofFile("apps/" + name + ".yaml"),
        Map.of(),
        masters,
        replicasPerMaster,
        ResourcePreset.DEFAULT.resources(),
        new Quantity("1Gi"),
        "",
        new RedisEngine(RedisEngine.Family.REDIS, Optional.of("7.2")),
        persistent
            ? RedisPersistence.DEFAULT
            : new RedisPersistence(false, false, Optional.of("")));
  }

  /** {@code spec} as it reads with the password-rotation annotation asking for {@code request}. */
  public static RedisClusterSpec annotated(RedisClusterSpec spec, String request) {
    return new RedisClusterSpec(
        spec.ref(),
        spec.source(),
        Map.of(PasswordRotation.ANNOTATION, request),
        spec.masters(),
        spec.replicasPerMaster(),
        spec.resources(),
        spec.size(),
        spec.storageClass(),
        spec.engine(),
        spec.persistence(),
        spec.protection(),
        spec.tls(),
        spec.aclUsers(),
        spec.passwordRotation());
  }
}
