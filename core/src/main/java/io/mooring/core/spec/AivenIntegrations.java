package io.mooring.core.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The list fields of an Aiven spec that name other things: {@code serviceIntegrations} (at most one
 * {@code read_replica} of another app in the same namespace) and {@code technicalEmails} (at most
 * ten addresses).
 */
final class AivenIntegrations {
  private AivenIntegrations() {}

  /** The app this one is a read replica of, if the spec says so. */
  static Optional<String> readReplicaOf(FieldReader spec, AppRef self) {
    Optional<List<YamlNode>> integrations = spec.list("serviceIntegrations");
    if (integrations.isEmpty() || integrations.get().isEmpty()) {
      return Optional.empty();
    }
    if (integrations.get().size() > 1) {
      spec.reportInvalid("serviceIntegrations", "must have at most 1 item");
      return Optional.empty();
    }
    Optional<FieldReader> integration = item(spec, "serviceIntegrations", integrations.get());
    if (integration.isEmpty()) {
      return Optional.empty();
    }
    FieldReader i = integration.get();
    i.rejectUnknownFields(List.of("integrationType", "sourceServiceName"));
    if (i.value("integrationType").isEmpty()) {
      i.reportInvalid("integrationType", "is required: read_replica");
    }
    i.oneOf("integrationType", List.of("read_replica"));
    if (i.value("sourceServiceName").isEmpty()) {
      i.reportInvalid("sourceServiceName", "is required");
      return Optional.empty();
    }
    Optional<String> source = i.matching("sourceServiceName", 64, null);
    if (source.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> problem = KubernetesNames.checkLabel(source.get());
    if (problem.isPresent()) {
      i.reportInvalid("sourceServiceName", "must name a Mooring Redis app: it " + problem.get());
      return Optional.empty();
    }
    if (source.get().equals(self.name())) {
      i.reportInvalid("sourceServiceName", "must name another app, not this one");
      return Optional.empty();
    }
    return source;
  }

  /** The addresses of {@code technicalEmails}, in file order. */
  static List<String> technicalEmails(FieldReader spec, Pattern email) {
    List<String> emails = new ArrayList<>();
    Optional<List<YamlNode>> items = spec.list("technicalEmails");
    if (items.isEmpty()) {
      return emails;
    }
    if (items.get().size() > 10) {
      spec.reportInvalid("technicalEmails", "must have at most 10 items");
      return emails;
    }
    for (int index = 0; index < items.get().size(); index++) {
      String field = "technicalEmails[" + index + "]";
      YamlNode node = items.get().get(index);
      if (!(node instanceof YamlNode.Mapping mapping)) {
        spec.problems()
            .error(
                node.location(),
                spec.path(field),
                "must be a mapping with an email, got " + spec.shown(field, node));
        continue;
      }
      FieldReader entry = spec.nested(field, mapping);
      entry.rejectUnknownFields(List.of("email"));
      if (entry.value("email").isEmpty()) {
        entry.reportInvalid("email", "is required");
        continue;
      }
      entry
          .string("email")
          .ifPresent(
              address -> {
                if (email.matcher(address).matches()) {
                  emails.add(address);
                } else {
                  entry.reportInvalid("email", "must be an email address");
                }
              });
    }
    return emails;
  }

  private static Optional<FieldReader> item(FieldReader spec, String field, List<YamlNode> items) {
    String itemField = field + "[0]";
    if (items.get(0) instanceof YamlNode.Mapping mapping) {
      return Optional.of(spec.nested(itemField, mapping));
    }
    spec.problems()
        .error(
            items.get(0).location(),
            spec.path(itemField),
            "must be a mapping, got " + spec.shown(itemField, items.get(0)));
    return Optional.empty();
  }
}
