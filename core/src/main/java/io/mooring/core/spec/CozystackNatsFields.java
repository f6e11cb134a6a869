package io.mooring.core.spec;

import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The NATS-only parts of Cozystack's spec: users, JetStream and the free-form config maps. */
final class CozystackNatsFields {
  // User names become Secret keys and environment variable suffixes, so they keep to Secret-key
  // characters.
  private static final Pattern USER_NAME =
      Pattern.compile("[A-Za-z0-9]([-._A-Za-z0-9]*[A-Za-z0-9])?");
  private static final int MAX_USER_NAME_LENGTH = 63;

  private CozystackNatsFields() {}

  /**
   * {@code spec.jetstream}, with the streams, consumers and buckets of Mooring's extension checked
   * against the app's servers and stores.
   */
  static NatsSpec.Jetstream jetstream(FieldReader spec, int servers, ComputeResources resources) {
    Optional<FieldReader> jetstream = spec.child("jetstream");
    List<String> fields = new ArrayList<>(List.of("enabled", "size"));
    fields.addAll(CozystackJetStreamAssets.FIELDS);
    jetstream.ifPresent(j -> j.rejectUnknownFields(fields));
    boolean enabled = jetstream.map(j -> j.bool("enabled", true)).orElse(true);
    Quantity read = jetstream.map(j -> j.positiveQuantity("size")).orElse(null);
    Quantity size = read != null ? read : NatsSpec.Jetstream.DEFAULT_SIZE;
    JetStreamAssetRules rules =
        new JetStreamAssetRules(
            servers,
            enabled,
            NatsStorageBudget.maxFileStoreBytes(size),
            NatsStorageBudget.maxMemoryStoreBytes(resources.memoryLimit()));
    NatsJetStreamAssets assets =
        jetstream
            .map(j -> CozystackJetStreamAssets.read(j, rules))
            .orElse(NatsJetStreamAssets.NONE);
    return new NatsSpec.Jetstream(enabled, size, assets);
  }

  /**
   * {@code spec.tls.enabled}, Mooring's extension (the same shape as for Redis): off unless set.
   */
  static boolean tlsEnabled(FieldReader spec) {
    Optional<FieldReader> tls = spec.child("tls");
    tls.ifPresent(t -> t.rejectUnknownFields(List.of("enabled")));
    return tls.map(t -> t.bool("enabled", false)).orElse(false);
  }

  /** Users in file order; a user written with no value or no password gets a generated password. */
  static Map<String, NatsSpec.NatsUser> users(FieldReader spec, SpecProblems problems) {
    Map<String, NatsSpec.NatsUser> users = new LinkedHashMap<>();
    Map<String, String> envVars = new HashMap<>();
    Optional<FieldReader> section = spec.child("users");
    if (section.isEmpty()) {
      return users;
    }
    for (YamlNode.Entry entry : section.get().mapping().entries().values()) {
      String name = entry.key();
      String path = section.get().path(name);
      if (name.length() > MAX_USER_NAME_LENGTH || !USER_NAME.matcher(name).matches()) {
        problems.error(
            entry.keyLocation(),
            path,
            "user name must be 1 to "
                + MAX_USER_NAME_LENGTH
                + " letters, digits, '-', '_' or '.', starting and ending with a letter or digit, got \""
                + name
                + "\"");
        continue;
      }
      if (NatsLoginRules.RESERVED_USER_NAMES.contains(name)) {
        problems.error(
            entry.keyLocation(),
            path,
            "the user name is reserved for Mooring's own logins ("
                + String.join(", ", NatsLoginRules.RESERVED_USER_NAMES)
                + "), which share the credentials Secret");
      }
      String envVar = NatsLoginRules.userEnvVar(name);
      String taken = envVars.putIfAbsent(envVar, name);
      if (taken != null) {
        problems.error(
            entry.keyLocation(),
            path,
            "its password variable " + envVar + " is taken by user \"" + taken + "\"");
      }
      String password = null;
      if (entry.value() instanceof YamlNode.Mapping fields) {
        FieldReader user = section.get().nested(name, fields);
        user.rejectUnknownFields(List.of("password"));
        password = user.secret("password").orElse(null);
        if (password != null
            && !password.isEmpty()
            && !NatsLoginRules.readableFromEnvironment(password)) {
          user.reportInvalid(
              "password", NatsLoginRules.PASSWORD_RULE, "; or leave it out to have one generated");
        }
      } else if (!(entry.value() instanceof YamlNode.Scalar scalar && scalar.isNull())) {
        problems.error(
            entry.value().location(),
            path,
            "must be a mapping with an optional password, got "
                + section.get().shown(name, entry.value()));
      }
      users.put(name, new NatsSpec.NatsUser(name, password));
    }
    return users;
  }

  /** What a full resolver takes besides its type and directory (nats-server 2.9). */
  private static final List<String> RESOLVER_FIELDS =
      List.of("type", "dir", "allow_delete", "hard_delete", "interval", "limit", "timeout");

  private static final String JETSTREAM_STORE = NatsSpec.DATA_DIR + "/jetstream";

  // A duration as nats-server parses one: "2m", "1h30m", "500ms".
  private static final Pattern GO_DURATION =
      Pattern.compile("([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+");

  /**
   * {@code config.resolver}: setting it runs the app in operator mode with a full resolver (the
   * type that keeps every account JWT itself, so Mooring can preload its accounts). Any other type
   * or option nats-server does not know is an error here rather than a server that cannot start;
   * the directory must lie on the pod's volume, or the accounts would be lost on restart.
   */
  static Map<String, Object> resolver(FieldReader config) {
    Optional<FieldReader> section = config.child("resolver");
    if (section.isEmpty()) {
      return new LinkedHashMap<>();
    }
    FieldReader resolver = section.get();
    resolver.rejectUnknownFields(RESOLVER_FIELDS);
    resolver
        .string("type")
        .filter(type -> !type.equalsIgnoreCase("full"))
        .ifPresent(
            type ->
                resolver.reportInvalid(
                    "type",
                    "must be full",
                    "; Mooring runs the app in operator mode with a full resolver, which keeps"
                        + " every account JWT itself"));
    resolver
        .string("dir")
        .flatMap(CozystackNatsFields::resolverDirProblem)
        .ifPresent(problem -> resolver.reportInvalid("dir", problem.expectation(), problem.hint()));
    resolver.bool("allow_delete", false);
    resolver.bool("hard_delete", false);
    for (String field : List.of("interval", "timeout")) {
      resolver
          .string(field)
          .filter(value -> !GO_DURATION.matcher(value).matches())
          .ifPresent(
              value -> resolver.reportInvalid(field, "must be a duration such as 2m or 30s"));
    }
    resolver.integer("limit", 1, 0);
    return toMap(resolver.mapping());
  }

  /**
   * What is wrong with a resolver directory, as the expectation and the hint of a problem; neither
   * repeats the directory, since spec.config may hold credentials and its values are never shown.
   */
  private static Optional<DirProblem> resolverDirProblem(String dir) {
    String normalized = Path.of(dir).normalize().toString();
    if (!dir.startsWith(NatsSpec.DATA_DIR + "/")
        || !normalized.equals(dir)
        || normalized.equals(NatsSpec.DATA_DIR)) {
      return Optional.of(
          new DirProblem(
              "must be a directory under "
                  + NatsSpec.DATA_DIR
                  + ", where every pod mounts its volume (for example "
                  + NatsSpec.DEFAULT_RESOLVER_DIR
                  + ")",
              ""));
    }
    if (normalized.equals(JETSTREAM_STORE) || normalized.startsWith(JETSTREAM_STORE + "/")) {
      return Optional.of(
          new DirProblem(
              "must lie outside " + JETSTREAM_STORE + ", JetStream's store",
              "; use a directory beside it, such as " + NatsSpec.DEFAULT_RESOLVER_DIR));
    }
    return Optional.empty();
  }

  private record DirProblem(String expectation, String hint) {}

  /** A free-form map ({@code config.merge}) as plain Java values. */
  static Map<String, Object> freeMap(FieldReader config, String field) {
    return config
        .child(field)
        .map(section -> toMap(section.mapping()))
        .orElse(new LinkedHashMap<>());
  }

  private static Map<String, Object> toMap(YamlNode.Mapping mapping) {
    Map<String, Object> map = new LinkedHashMap<>();
    mapping.entries().forEach((key, entry) -> map.put(key, plain(entry.value())));
    return Collections.unmodifiableMap(map);
  }

  private static Object plain(YamlNode node) {
    if (node instanceof YamlNode.Mapping mapping) {
      return toMap(mapping);
    }
    if (node instanceof YamlNode.Sequence sequence) {
      List<Object> items = new ArrayList<>();
      sequence.items().forEach(item -> items.add(plain(item)));
      return Collections.unmodifiableList(items);
    }
    YamlNode.Scalar scalar = (YamlNode.Scalar) node;
    return switch (scalar.type()) {
      case NULL -> null;
      case BOOLEAN -> scalar.isTrue();
      case INTEGER, FLOAT -> number(scalar);
      case STRING -> scalar.text();
    };
  }

  private static Object number(YamlNode.Scalar scalar) {
    String digits = scalar.text().replace("_", "");
    try {
      if (scalar.type() == YamlNode.ScalarType.INTEGER) {
        return Long.valueOf(digits);
      }
      double value = Double.parseDouble(digits);
      // 1e400 reads as infinity, which nats.conf cannot write as a number.
      return Double.isFinite(value) ? (Object) value : scalar.text();
    } catch (NumberFormatException notPlainDecimal) {
      // 0x1F, .inf and numbers past a long stay as written; nats.conf reads them itself.
      return scalar.text();
    }
  }
}
