package io.mooring.core.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the fields a Redis spec of any dialect may carry for running it day to day: {@code tls},
 * {@code acl} and {@code passwordRotation}. Every problem is reported with its location and field,
 * and the field falls back to its default, so the rest of the document is still checked.
 */
final class RedisDayTwoFields {
  static final List<String> FIELDS = List.of("tls", "acl", "passwordRotation");

  /** Mooring's own users (replication, Sentinel, exporter, orchestration) start with this. */
  static final String RESERVED_USER_PREFIX = "mooring";

  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");
  private static final List<String> ISSUER_KINDS = List.of("Issuer", "ClusterIssuer");

  private RedisDayTwoFields() {}

  /** {@code tls: {enabled, issuerRef: {name, kind, group}}}; disabled when absent. */
  static RedisTls tls(FieldReader spec) {
    Optional<FieldReader> tls = spec.child("tls");
    if (tls.isEmpty()) {
      return RedisTls.DISABLED;
    }
    tls.get().rejectUnknownFields(List.of("enabled", "issuerRef"));
    boolean enabled = tls.get().bool("enabled", false);
    Optional<RedisTls.IssuerRef> issuer =
        tls.get().child("issuerRef").flatMap(RedisDayTwoFields::issuer);
    return new RedisTls(enabled, issuer);
  }

  private static Optional<RedisTls.IssuerRef> issuer(FieldReader ref) {
    ref.rejectUnknownFields(List.of("name", "kind", "group"));
    Optional<String> name = requiredName(ref, "name");
    String kind = ref.string("kind").orElse("Issuer");
    if (!ISSUER_KINDS.contains(kind)) {
      ref.reportInvalid("kind", "must be Issuer or ClusterIssuer");
      return Optional.empty();
    }
    String group = ref.string("group").orElse(RedisTls.IssuerRef.CERT_MANAGER_GROUP);
    Optional<String> groupProblem = KubernetesNames.checkSubdomain(group);
    if (groupProblem.isPresent()) {
      ref.reportInvalid(
          "group", "must be an API group such as cert-manager.io: " + groupProblem.get());
      return Optional.empty();
    }
    return name.map(n -> new RedisTls.IssuerRef(n, kind, group));
  }

  /** {@code acl: {users: [{name, rules, passwordSecretRef}]}}; no users when absent. */
  static List<RedisAclUser> aclUsers(FieldReader spec) {
    Optional<FieldReader> acl = spec.child("acl");
    if (acl.isEmpty()) {
      return List.of();
    }
    acl.get().rejectUnknownFields(List.of("users"));
    Optional<YamlNode> node = acl.get().value("users");
    if (node.isEmpty()) {
      return List.of();
    }
    if (!(node.get() instanceof YamlNode.Sequence sequence)) {
      acl.get().reportInvalid("users", "must be a list of users");
      return List.of();
    }
    List<RedisAclUser> users = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> suffixes = new HashSet<>();
    for (int i = 0; i < sequence.items().size(); i++) {
      YamlNode item = sequence.items().get(i);
      if (!(item instanceof YamlNode.Mapping mapping)) {
        acl.get().reportInvalid("users", "each user must be a mapping with name and rules");
        continue;
      }
      FieldReader user = acl.get().nested("users[" + i + "]", mapping);
      user(user)
          .ifPresent(
              parsed -> {
                if (!names.add(parsed.name())) {
                  user.reportInvalid("name", "names another user of this list");
                } else if (!suffixes.add(parsed.objectNameSuffix())) {
                  user.reportInvalid(
                      "name",
                      "differs from another user of this list only in case or punctuation; their"
                          + " generated Secrets would share the name \"..."
                          + parsed.objectNameSuffix()
                          + "\"");
                } else {
                  users.add(parsed);
                }
              });
    }
    return users;
  }

  private static Optional<RedisAclUser> user(FieldReader user) {
    user.rejectUnknownFields(List.of("name", "rules", "passwordSecretRef"));
    Optional<String> name = user.string("name");
    if (name.isEmpty()) {
      user.reportInvalid("name", "is required");
    } else if (!USER_NAME.matcher(name.get()).matches()) {
      user.reportInvalid(
          "name", "must be letters, digits, '_', '.' or '-', starting with a letter or digit");
      name = Optional.empty();
    } else if (name.get().equals("default") || name.get().startsWith(RESERVED_USER_PREFIX)) {
      user.reportInvalid(
          "name",
          "is reserved: \"default\" and names starting with \""
              + RESERVED_USER_PREFIX
              + "\" are Mooring's own users");
      name = Optional.empty();
    }
    Optional<String> rules = user.string("rules");
    if (rules.isEmpty()) {
      user.reportInvalid("rules", "is required (e.g. \"~app:* +@read +@write\")");
    } else {
      Optional<String> problem = AclRules.problem(rules.get());
      if (problem.isPresent() && AclRules.holdsPassword(rules.get())) {
        user.reportInvalidSecret("rules", problem.get());
        rules = Optional.empty();
      } else if (problem.isPresent()) {
        user.reportInvalid("rules", problem.get());
        rules = Optional.empty();
      }
    }
    Optional<FieldReader> ref = user.child("passwordSecretRef");
    Optional<SecretKeyRef> secret = ref.flatMap(RedisDayTwoFields::secretKeyRef);
    boolean badRef = user.value("passwordSecretRef").isPresent() && secret.isEmpty();
    if (name.isEmpty() || rules.isEmpty() || badRef) {
      return Optional.empty();
    }
    return Optional.of(new RedisAclUser(name.get(), rules.get().trim(), secret));
  }

  private static Optional<SecretKeyRef> secretKeyRef(FieldReader ref) {
    ref.rejectUnknownFields(List.of("name", "key"));
    Optional<String> name = requiredName(ref, "name");
    Optional<String> key = ref.string("key");
    if (key.isEmpty()) {
      ref.reportInvalid("key", "is required");
      return Optional.empty();
    }
    if (!SECRET_KEY.matcher(key.get()).matches()) {
      ref.reportInvalid("key", "must be a Secret key: letters, digits, '-', '_' or '.'");
      return Optional.empty();
    }
    return name.map(n -> new SecretKeyRef(n, key.get()));
  }

  /** {@code passwordRotation: {every, overlap}}; on demand only, default overlap, when absent. */
  static PasswordRotation passwordRotation(FieldReader spec) {
    Optional<FieldReader> rotation = spec.child("passwordRotation");
    if (rotation.isEmpty()) {
      return PasswordRotation.ON_DEMAND;
    }
    rotation.get().rejectUnknownFields(List.of("every", "overlap"));
    Optional<Duration> every = duration(rotation.get(), "every");
    Duration overlap = duration(rotation.get(), "overlap").orElse(PasswordRotation.DEFAULT_OVERLAP);
    if (every.isPresent() && overlap.compareTo(every.get()) >= 0) {
      rotation
          .get()
          .reportInvalid(
              "overlap",
              "must be shorter than every ("
                  + every.get().toHours()
                  + "h): the previous password must be gone before the next rotation");
      overlap =
          PasswordRotation.DEFAULT_OVERLAP.compareTo(every.get()) < 0
              ? PasswordRotation.DEFAULT_OVERLAP
              : every.get().dividedBy(2);
    }
    return new PasswordRotation(every, overlap);
  }

  private static Optional<Duration> duration(FieldReader reader, String field) {
    Optional<String> text = reader.string(field);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Optional<Duration> duration = DurationReader.parse(text.get());
    if (duration.isEmpty()) {
      reader.reportInvalid(
          field, "must be a duration greater than zero such as 720h, 90m or 1h30m");
    }
    return duration;
  }

  private static Optional<String> requiredName(FieldReader ref, String field) {
    Optional<String> name = ref.string(field);
    if (name.isEmpty()) {
      ref.reportInvalid(field, "is required");
      return Optional.empty();
    }
    Optional<String> problem = KubernetesNames.checkSubdomain(name.get());
    if (problem.isPresent()) {
      ref.reportInvalid(field, problem.get());
      return Optional.empty();
    }
    return name;
  }
}
