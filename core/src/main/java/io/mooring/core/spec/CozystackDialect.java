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
      concat(COMMON_FIELDS, List.of("users", "jetstream", "config", "tls"));

  /**
   * The fields that can hold credentials, by kind: a NATS user's password (and any shape a user is
   * written in), and the free-form server configuration, which may carry tokens, passwords and
   * authorization rules. Redis has none: its password is generated.
   */
  static final Map<AppKind, SensitiveFields> SENSITIVE =
      Map.of(
          AppKind.REDIS,
          SensitiveFields.NONE,
          AppKind.NATS,
          SensitiveFields.of("spec.users", "spec.config"));

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
    FieldReader spec =
        new FieldReader(document.spec(), "spec", problems, SENSITIVE.get(document.ref().kind()));
    AppSpec mapped =
        document.ref().kind() == AppKind.REDIS
            ? redis(document, spec, problems)
            : nats(document, spec, problems);
    if (problems.errorCount() != errorsBefore) {
      return Optional.empty();
    }
    if (mapped instanceof NatsSpec nats) {
      NatsSpecWarnings.warn(nats, spec, problems);
    }
    return Optional.of(mapped);
  }

  private static RedisSpec redis(SpecDocument document, FieldReader spec, SpecProblems problems) {
    spec.rejectUnknownFields(REDIS_FIELDS);
    Quantity size = spec.positiveQuantity("size");
    return new RedisSpec(
        document.ref(),
        document.source(),
        document.annotations(),
        spec.integer("replicas", 1, RedisSpec.DEFAULT_REPLICAS),
        resources(spec, problems),
        size != null ? size : RedisSpec.DEFAULT_SIZE,
        storageClass(spec),
        spec.bool("external", false),
        spec.bool("authEnabled", true),
        AppLifecycle.NONE,
        RedisEngine.DEFAULT,
        RedisPersistence.DEFAULT,
        RedisDataSource.EMPTY);
  }

  private static NatsSpec nats(SpecDocument document, FieldReader spec, SpecProblems problems) {
    spec.rejectUnknownFields(NATS_FIELDS);
    Optional<FieldReader> config = spec.child("config");
    config.ifPresent(c -> c.rejectUnknownFields(List.of("merge", "resolver")));
    int replicas = spec.integer("replicas", 1, NatsSpec.DEFAULT_REPLICAS);
    ComputeResources resources = resources(spec, problems);
    String storageClass = storageClass(spec);
    boolean external = spec.bool("external", false);
    Map<String, NatsSpec.NatsUser> users = CozystackNatsFields.users(spec, problems);
    NatsSpec.Jetstream jetstream = CozystackNatsFields.jetstream(spec, replicas, resources);
    Map<String, Object> resolver =
        config.map(CozystackNatsFields::resolver).orElse(new LinkedHashMap<>());
    config.ifPresent(
        c ->
            CozystackNatsMerge.check(
                c, problems, replicas, jetstream.enabled(), !resolver.isEmpty()));
    if (!resolver.isEmpty() && users.isEmpty() && !jetstream.assets().isEmpty()) {
      // In operator mode only the users of the spec log in to the app account.
      spec.child("jetstream")
          .ifPresent(
              j ->
                  j.reportInvalid(
                      "streams",
                      "needs a user in spec.users",
                      "; in operator mode Mooring manages JetStream assets as the app's first"
                          + " user"));
    }
    return new NatsSpec(
        document.ref(),
        document.source(),
        document.annotations(),
        replicas,
        resources,
        storageClass,
        external,
        users,
        jetstream,
        config.map(c -> CozystackNatsFields.freeMap(c, "merge")).orElse(new LinkedHashMap<>()),
        resolver,
        ConnectionSecret.defaultForNats(document.ref()),
        CozystackNatsFields.tlsEnabled(spec));
  }

  /**
   * The preset's resources, or explicit {@code resources} instead of them. As Cozystack documents,
   * a {@code resources} with any value replaces the preset as a whole; so it must name both cpu and
   * memory, since nothing would bound the other (a Redis without a memory limit grows until the
   * node runs out). An empty {@code resources} leaves the preset in force.
   */
  private static ComputeResources resources(FieldReader spec, SpecProblems problems) {
    ResourcePreset preset = preset(spec);
    Optional<FieldReader> explicit = spec.child("resources");
    explicit.ifPresent(r -> r.rejectUnknownFields(List.of("cpu", "memory")));
    boolean set =
        explicit.isPresent()
            && (explicit.get().value("cpu").isPresent()
                || explicit.get().value("memory").isPresent());
    if (!set) {
      return preset.resources();
    }
    FieldReader resources = explicit.get();
    for (String field : List.of("cpu", "memory")) {
      if (resources.value(field).isEmpty()) {
        resources.reportInvalid(
            field,
            "is required when resources is set, because resourcesPreset is then ignored;"
                + " give both cpu and memory, or remove resources to use the preset");
      }
    }
    spec.value("resourcesPreset")
        .ifPresent(
            node ->
                problems.warning(
                    node.location(),
                    spec.path("resourcesPreset"),
                    "is ignored because resources is set"));
    Quantity cpu = resources.positiveQuantity("cpu");
    Quantity memory = resources.positiveQuantity("memory");
    return cpu != null && memory != null
        ? ComputeResources.explicit(cpu, memory)
        : preset.resources();
  }

  private static ResourcePreset preset(FieldReader spec) {
    Optional<String> presetId = spec.string("resourcesPreset");
    if (presetId.isEmpty()) {
      return ResourcePreset.DEFAULT;
    }
    Optional<ResourcePreset> known = ResourcePreset.fromId(presetId.get());
    if (known.isEmpty()) {
      String hint =
          ClosestMatch.of(presetId.get(), ResourcePreset.ids())
              .map(m -> "; did you mean " + m + "?")
              .orElse("");
      spec.reportInvalid(
          "resourcesPreset", "must be one of " + String.join(", ", ResourcePreset.ids()), hint);
    }
    return known.orElse(ResourcePreset.DEFAULT);
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
