package io.mooring.core.spec;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Cozystack's managed-service API ({@code apps.cozystack.io/v1alpha1}): {@code Redis}, and {@code
 * NATS} (its documentation also writes {@code Nats}). Field names and defaults follow that API
 * exactly.
 */
public final class CozystackDialect implements Dialect {
  public static final String API_VERSION = "apps.cozystack.io/v1alpha1";

  private static final Map<String, AppKind> KINDS =
      Map.of("Redis", AppKind.REDIS, "NATS", AppKind.NATS, "Nats", AppKind.NATS);
  private static final List<String> COMMON_FIELDS =
      List.of("replicas", "resources", "resourcesPreset", "storageClass", "external");
  private static final List<String> REDIS_FIELDS =
      concat(COMMON_FIELDS, List.of("size", "authEnabled"));
  private static final List<String> NATS_FIELDS =
      concat(COMMON_FIELDS, List.of("users", "jetstream", "config"));

  @Override
  public Optional<AppKind> kindOf(String apiVersion, String kind) {
    return API_VERSION.equals(apiVersion) ? Optional.ofNullable(KINDS.get(kind)) : Optional.empty();
  }

  @Override
  public Set<String> kinds(String apiVersion) {
    return API_VERSION.equals(apiVersion) ? KINDS.keySet() : Set.of();
  }

  @Override
  public Optional<AppSpec> map(SpecDocument document, SpecProblems problems) {
    int errorsBefore = problems.errorCount();
    FieldReader spec = new FieldReader(document.spec(), "spec", problems);
    AppSpec mapped =
        document.ref().kind() == AppKind.REDIS
            ? redis(document, spec)
            : nats(document, spec, problems);
    if (problems.errorCount() != errorsBefore) {
      return Optional.empty();
    }
    if (mapped instanceof NatsSpec nats) {
      NatsSpecWarnings.warn(nats, spec, problems);
    }
    return Optional.of(mapped);
  }

  private static RedisSpec redis(SpecDocument document, FieldReader spec) {
    spec.rejectUnknownFields(REDIS_FIELDS);
    Quantity size = spec.positiveQuantity("size");
    return new RedisSpec(
        document.ref(),
        document.source(),
        document.annotations(),
        spec.integer("replicas", 1, RedisSpec.DEFAULT_REPLICAS),
        resources(spec),
        size != null ? size : RedisSpec.DEFAULT_SIZE,
        storageClass(spec),
        spec.bool("external", false),
        spec.bool("authEnabled", true));
  }

  private static NatsSpec nats(SpecDocument document, FieldReader spec, SpecProblems problems) {
    spec.rejectUnknownFields(NATS_FIELDS);
    Optional<FieldReader> config = spec.child("config");
    config.ifPresent(c -> c.rejectUnknownFields(List.of("merge", "resolver")));
    return new NatsSpec(
        document.ref(),
        document.source(),
        document.annotations(),
        spec.integer("replicas", 1, NatsSpec.DEFAULT_REPLICAS),
        resources(spec),
        storageClass(spec),
        spec.bool("external", false),
        CozystackNatsFields.users(spec, problems),
        CozystackNatsFields.jetstream(spec),
        config.map(c -> CozystackNatsFields.freeMap(c, "merge")).orElse(new LinkedHashMap<>()),
        config.map(CozystackNatsFields::resolver).orElse(new LinkedHashMap<>()));
  }

  /** The preset's limits, overridden field by field by explicit {@code resources}. */
  private static ComputeResources resources(FieldReader spec) {
    ResourcePreset preset = ResourcePreset.DEFAULT;
    Optional<String> presetId = spec.string("resourcesPreset");
    if (presetId.isPresent()) {
      Optional<ResourcePreset> known = ResourcePreset.fromId(presetId.get());
      if (known.isPresent()) {
        preset = known.get();
      } else {
        String hint =
            ClosestMatch.of(presetId.get(), ResourcePreset.ids())
                .map(m -> "; did you mean " + m + "?")
                .orElse("");
        spec.reportInvalid(
            "resourcesPreset",
            "must be one of "
                + String.join(", ", ResourcePreset.ids())
                + ", got \""
                + presetId.get()
                + "\""
                + hint);
      }
    }
    Optional<FieldReader> explicit = spec.child("resources");
    explicit.ifPresent(r -> r.rejectUnknownFields(List.of("cpu", "memory")));
    Quantity cpu = explicit.map(r -> r.positiveQuantity("cpu")).orElse(null);
    Quantity memory = explicit.map(r -> r.positiveQuantity("memory")).orElse(null);
    return ResourcePreset.resolve(preset, cpu, memory);
  }

  private static String storageClass(FieldReader spec) {
    String storageClass = spec.string("storageClass").orElse("");
    if (!storageClass.isEmpty()) {
      KubernetesNames.checkSubdomain(storageClass)
          .ifPresent(problem -> spec.reportInvalid("storageClass", problem));
    }
    return storageClass;
  }

  private static List<String> concat(List<String> first, List<String> second) {
    return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
  }
}
