package io.mooring.core.spec;

import io.fabric8.kubernetes.api.model.Quantity;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Aiven operator's API ({@code aiven.io/v1alpha1}): {@code Redis}, and {@code Valkey}, which
 * Aiven put in its place (same shape, {@code valkey_} userConfig keys, {@code VALKEY_} Secret
 * keys). Files written for the Aiven operator are read unchanged; each field maps to what it means
 * when the service runs in the cluster (see the README's "Aiven specs" table). Fields about Aiven's
 * own platform (project, cloud, VPC, API token) are checked against Aiven's patterns and explained,
 * never used.
 */
public final class AivenDialect implements Dialect {
  public static final String API_VERSION = "aiven.io/v1alpha1";

  /** {@code Orphan} on this annotation: removing the spec leaves everything running. */
  public static final String DELETION_POLICY = "controllers.aiven.io/deletion-policy";

  private static final Map<String, AppKind> KINDS =
      Map.of("Redis", AppKind.REDIS, "Valkey", AppKind.REDIS);
  private static final List<String> FIELDS =
      List.of(
          "authSecretRef",
          "cloudName",
          "connInfoSecretTarget",
          "connInfoSecretTargetDisabled",
          "disk_space",
          "maintenanceWindowDow",
          "maintenanceWindowTime",
          "plan",
          "project",
          "projectVPCRef",
          "projectVpcId",
          "serviceIntegrations",
          "tags",
          "technicalEmails",
          "terminationProtection",
          "userConfig");
  private static final List<String> DAYS =
      List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");

  /** The migration source's password is the one credential an Aiven spec holds. */
  static final SensitiveFields SENSITIVE = SensitiveFields.of(AivenMigration.PASSWORD_PATH);

  static final String TECHNICAL_EMAILS_ANNOTATION = "mooring.io/technical-emails";
  private static final Pattern PROJECT = Pattern.compile("[a-zA-Z0-9_-]+");
  private static final Pattern DISK = Pattern.compile("(?i)([1-9][0-9]*)(GiB|G)?");
  private static final Pattern TIME =
      Pattern.compile("([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9])");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
  private static final String PLATFORM_ONLY = "accepted; it has no meaning in the cluster";

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
    boolean valkey = "Valkey".equals(document.kind());
    FieldReader spec = new FieldReader(document.spec(), "spec", problems, SENSITIVE);
    spec.rejectUnknownFields(FIELDS);
    AivenPlan plan = plan(spec);
    platformFields(spec);
    Quantity disk = disk(spec).orElse(plan.defaultDisk());
    AppLifecycle lifecycle = lifecycle(document, spec);
    ConnectionSecret secret = AivenConnectionSecret.read(spec, document.ref(), valkey);
    ExtraMetadata metadata = metadata(spec);
    Optional<String> readReplicaOf = AivenIntegrations.readReplicaOf(spec, document.ref());
    String engine = valkey ? "valkey" : "redis";
    AivenUserConfig config =
        spec.child("userConfig")
            .map(c -> AivenUserConfig.read(c, engine))
            .orElse(AivenUserConfig.defaults());
    RedisDataSource source = RedisDataSource.EMPTY;
    if (config.migration().isPresent() && readReplicaOf.isPresent()) {
      spec.reportInvalid(
          "serviceIntegrations",
          "cannot be a read replica and migrate from userConfig.migration at once; keep one");
    } else if (config.migration().isPresent()) {
      source = config.migration().get();
    } else if (readReplicaOf.isPresent()) {
      source = new RedisDataSource.ReadReplicaOf(readReplicaOf.get());
    }
    if (readReplicaOf.isPresent() && config.restore().isPresent()) {
      spec.reportInvalid(
          "serviceIntegrations",
          "cannot be a read replica and fork from userConfig.service_to_fork_from at once; keep"
              + " one");
    }
    if (problems.errorCount() != errorsBefore) {
      return Optional.empty();
    }
    return Optional.of(
        new RedisSpec(
            document.ref(),
            document.source(),
            document.annotations(),
            plan.nodes(),
            plan.resources(),
            disk,
            "",
            config.publicRedis(),
            true,
            lifecycle,
            new RedisEngine(
                valkey ? RedisEngine.Family.VALKEY : RedisEngine.Family.REDIS, config.version()),
            config.persistence(),
            source,
            config.tls(),
            List.of(),
            PasswordRotation.ON_DEMAND,
            config.tuning(),
            secret,
            new RedisNetwork(config.ipFilter(), config.publicPrometheus()),
            metadata,
            new RedisDataProtection(Optional.empty(), config.restore())));
  }

  private static AivenPlan plan(FieldReader spec) {
    Optional<String> written = spec.matching("plan", 128, null);
    if (spec.value("plan").isEmpty()) {
      spec.reportInvalid("plan", "is required: one of " + String.join(", ", AivenPlan.FAMILIES));
    }
    Optional<AivenPlan> plan = written.flatMap(AivenPlan::parse);
    if (written.isPresent() && plan.isEmpty()) {
      spec.reportInvalid(
          "plan",
          "must be one of the plan families "
              + String.join(", ", AivenPlan.FAMILIES)
              + " (N: the memory in GB, 1 to "
              + AivenPlan.MAX_MEMORY_GB
              + ")");
    }
    return plan.orElse(new AivenPlan("hobbyist", 1, 1));
  }

  /** Aiven's own platform: checked as Aiven checks it, then explained. */
  private static void platformFields(FieldReader spec) {
    if (spec.value("project").isEmpty()) {
      spec.reportInvalid(
          "project", "is required (it is Aiven's project, kept for the file's sake)");
    }
    spec.matching("project", 63, PROJECT);
    spec.note("project", PLATFORM_ONLY);
    spec.matching("cloudName", 256, null);
    spec.note("cloudName", "accepted; the app runs in this cluster");
    spec.matching("projectVpcId", 36, null);
    spec.note("projectVpcId", PLATFORM_ONLY);
    spec.child("projectVPCRef")
        .ifPresent(
            ref -> {
              ref.rejectUnknownFields(List.of("name", "namespace"));
              nonEmpty(ref, "name", true);
              nonEmpty(ref, "namespace", false);
            });
    spec.note("projectVPCRef", PLATFORM_ONLY);
    spec.child("authSecretRef")
        .ifPresent(
            ref -> {
              ref.rejectUnknownFields(List.of("key", "name"));
              nonEmpty(ref, "key", true);
              nonEmpty(ref, "name", true);
            });
    spec.note("authSecretRef", "accepted; Mooring needs no Aiven API token and never reads it");
  }

  static void nonEmpty(FieldReader reader, String field, boolean required) {
    if (reader.value(field).isEmpty()) {
      if (required) {
        reader.reportInvalid(field, "is required");
      }
      return;
    }
    reader
        .string(field)
        .filter(String::isEmpty)
        .ifPresent(v -> reader.reportInvalid(field, "must not be empty"));
  }

  private static Optional<Quantity> disk(FieldReader spec) {
    Optional<String> written = spec.string("disk_space");
    if (written.isEmpty()) {
      return Optional.empty();
    }
    Matcher disk = DISK.matcher(written.get());
    if (!disk.matches() || disk.group(1).length() > 6) {
      spec.reportInvalid("disk_space", "must be a size in GiB such as 80GiB or 80G");
      return Optional.empty();
    }
    return Optional.of(new Quantity(Integer.parseInt(disk.group(1)) + "Gi"));
  }

  private static AppLifecycle lifecycle(SpecDocument document, FieldReader spec) {
    boolean protection = spec.bool("terminationProtection", false);
    String policy = document.annotations().getOrDefault(DELETION_POLICY, "Delete");
    if (!policy.equals("Delete") && !policy.equals("Orphan")) {
      spec.problems()
          .error(
              document.source(),
              "metadata.annotations." + DELETION_POLICY,
              "must be \"Orphan\" or \"Delete\", got \"" + ControlCharacters.escape(policy) + "\"");
    }
    Optional<String> day = spec.oneOf("maintenanceWindowDow", DAYS);
    Optional<LocalTime> time = time(spec);
    boolean hasDay = spec.value("maintenanceWindowDow").isPresent();
    boolean hasTime = spec.value("maintenanceWindowTime").isPresent();
    if (hasDay != hasTime) {
      spec.reportInvalid(
          hasDay ? "maintenanceWindowTime" : "maintenanceWindowDow",
          "is required with " + (hasDay ? "maintenanceWindowDow" : "maintenanceWindowTime"));
    }
    Optional<AppLifecycle.MaintenanceWindow> window =
        day.isPresent() && time.isPresent()
            ? Optional.of(
                new AppLifecycle.MaintenanceWindow(
                    DayOfWeek.valueOf(day.get().toUpperCase(Locale.ROOT)),
                    time.get(),
                    Duration.ofHours(1)))
            : Optional.empty();
    return new AppLifecycle(protection, policy.equals("Orphan"), window);
  }

  /** {@code HH:mm:ss}, read as written: unquoted, YAML may have taken it for a number. */
  private static Optional<LocalTime> time(FieldReader spec) {
    Optional<YamlNode> node = spec.value("maintenanceWindowTime");
    if (node.isEmpty()) {
      return Optional.empty();
    }
    Matcher time =
        node.get() instanceof YamlNode.Scalar scalar ? TIME.matcher(scalar.text()) : null;
    if (time == null || !time.matches()) {
      spec.reportInvalid("maintenanceWindowTime", "must be a UTC time of day as HH:mm:ss");
      return Optional.empty();
    }
    return Optional.of(
        LocalTime.of(
            Integer.parseInt(time.group(1)),
            Integer.parseInt(time.group(2)),
            Integer.parseInt(time.group(3))));
  }

  /**
   * {@code tags} become labels where Kubernetes allows the key and value, annotations otherwise;
   * {@code technicalEmails} an annotation listing the addresses.
   */
  private static ExtraMetadata metadata(FieldReader spec) {
    Map<String, String> labels = new TreeMap<>();
    Map<String, String> annotations = new TreeMap<>();
    Optional<FieldReader> tags = spec.child("tags");
    spec.stringMap("tags")
        .forEach(
            (key, value) -> {
              Optional<String> problem = MetadataRules.checkKey(key);
              if (problem.isPresent()) {
                tags.get().reportKey(key, problem.get());
              } else if (MetadataRules.validLabelValue(value)) {
                labels.put(key, value);
              } else {
                annotations.put(key, value);
              }
            });
    List<String> emails = AivenIntegrations.technicalEmails(spec, EMAIL);
    if (!emails.isEmpty()) {
      annotations.put(TECHNICAL_EMAILS_ANNOTATION, String.join(",", emails));
    }
    return new ExtraMetadata(labels, annotations);
  }
}
