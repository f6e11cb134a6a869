package io.mooring.core.spec;

import java.util.Map;
import java.util.Optional;

/**
 * Redis APIs of other operators that Mooring recognises but does not deploy yet. A document of one
 * of these kinds was written for Redis, so skipping it with a warning would let a repository that
 * deploys nothing look valid: it is an error that says so until a dialect maps it.
 */
final class NotYetSupportedKinds {
  private static final Map<String, Map<String, String>> OPERATORS =
      Map.of(
          "cache.hera.io/v1alpha1",
          Map.of(
              "RedisInstance",
              "the Hera Redis operator",
              "RedisCluster",
              "the Hera Redis operator"));

  private NotYetSupportedKinds() {}

  /** Why the kind cannot be deployed, or empty when Mooring does not know it at all. */
  static Optional<String> problem(String apiVersion, String kind) {
    String operator = OPERATORS.getOrDefault(apiVersion, Map.of()).get(kind);
    if (operator == null) {
      return Optional.empty();
    }
    return Optional.of(
        apiVersion
            + " "
            + kind
            + " ("
            + operator
            + ") is recognised but not supported yet; Mooring deploys "
            + CozystackDialect.API_VERSION
            + " Redis and NATS");
  }
}
