package io.mooring.core.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what every spec document has whatever its dialect: {@code apiVersion}, {@code kind} and
 * {@code metadata} (name, namespace, annotations), and finds the dialect that maps its {@code
 * spec}.
 */
final class EnvelopeReader {
  private final List<Dialect> dialects;
  private final String defaultNamespace;
  private final SpecProblems problems;

  EnvelopeReader(List<Dialect> dialects, String defaultNamespace, SpecProblems problems) {
    this.dialects = dialects;
    this.defaultNamespace = defaultNamespace;
    this.problems = problems;
  }

  /**
   * The envelope, or empty when the document is skipped or its identity cannot be read (reported).
   */
  Optional<Envelope> read(YamlNode root) {
    if (root instanceof YamlNode.Scalar scalar && scalar.isNull()) {
      return Optional.empty();
    }
    if (!(root instanceof YamlNode.Mapping mapping)) {
      // Only the kind of value: a stray file holding a bare token is no spec, and not to be quoted.
      String shape =
          root instanceof YamlNode.Scalar scalar ? scalar.describeKind() : root.describe();
      problems.warning(
          root.location(), "", "skipped: " + shape + " is not a Kubernetes-style object");
      return Optional.empty();
    }
    SpecProblems quiet = new SpecProblems();
    FieldReader typeFields = new FieldReader(mapping, "", quiet, SensitiveFields.NONE);
    Optional<String> apiVersion = typeFields.string("apiVersion");
    Optional<String> kind = typeFields.string("kind");
    if (apiVersion.isEmpty() || kind.isEmpty()) {
      problems.warning(
          root.location(), "", "skipped: no apiVersion and kind strings, not a Mooring spec");
      return Optional.empty();
    }
    for (Dialect dialect : dialects) {
      Optional<AppKind> appKind = dialect.kindOf(apiVersion.get(), kind.get());
      if (appKind.isPresent()) {
        return identity(mapping, appKind.get(), dialect, kind.get());
      }
    }
    reportUnknownKind(typeFields, apiVersion.get(), kind.get());
    return Optional.empty();
  }

  private void reportUnknownKind(FieldReader root, String apiVersion, String kind) {
    for (Dialect dialect : dialects) {
      Optional<String> meant = ClosestMatch.of(kind, dialect.kinds(apiVersion));
      if (meant.isPresent()) {
        problems.error(
            root.value("kind").orElseThrow().location(),
            "kind",
            "unknown kind \""
                + kind
                + "\" for "
                + apiVersion
                + "; did you mean "
                + meant.get()
                + "?");
        return;
      }
    }
    problems.warning(
        root.mapping().location(),
        "",
        "skipped: " + apiVersion + " " + kind + " is not a kind Mooring deploys");
  }

  private Optional<Envelope> identity(
      YamlNode.Mapping root, AppKind kind, Dialect dialect, String writtenKind) {
    int errorsBefore = problems.errorCount();
    FieldReader fields = new FieldReader(root, "", problems, SensitiveFields.NONE);
    Optional<FieldReader> metadata = fields.child("metadata");
    if (metadata.isEmpty()) {
      if (fields.value("metadata").isEmpty()) {
        problems.error(root.location(), "metadata", "is required (with at least a name)");
      }
      return Optional.empty();
    }
    Optional<String> name = metadata.get().string("name");
    if (name.isEmpty()) {
      if (metadata.get().value("name").isEmpty()) {
        problems.error(metadata.get().mapping().location(), "metadata.name", "is required");
      }
      return Optional.empty();
    }
    checkName(metadata.get(), kind, name.get());
    String namespace = metadata.get().string("namespace").orElse(defaultNamespace);
    KubernetesNames.checkLabel(namespace)
        .ifPresent(problem -> metadata.get().reportInvalid("namespace", problem));
    if (problems.errorCount() != errorsBefore) {
      return Optional.empty();
    }
    AppRef ref = new AppRef(kind, namespace, name.get());
    SourceLocation nameLocation = metadata.get().value("name").orElseThrow().location();
    Map<String, String> annotations = annotations(metadata.get());
    YamlNode.Mapping spec = spec(fields, root);
    boolean envelopeValid = problems.errorCount() == errorsBefore;
    SpecDocument document =
        envelopeValid
            ? new SpecDocument(ref, root.location(), annotations, spec, writtenKind)
            : null;
    return Optional.of(new Envelope(ref, nameLocation, dialect, document));
  }

  private void checkName(FieldReader metadata, AppKind kind, String name) {
    Optional<String> problem = KubernetesNames.checkLabel(name);
    if (problem.isEmpty() && name.length() > kind.maxNameLength()) {
      problem =
          Optional.of(
              "must be at most "
                  + kind.maxNameLength()
                  + " characters for "
                  + kind.id()
                  + " so that derived names (pods, Services) stay within 63 (it has "
                  + name.length()
                  + ")");
    }
    problem.ifPresent(message -> metadata.reportInvalid("name", message));
  }

  private Map<String, String> annotations(FieldReader metadata) {
    Map<String, String> annotations = new LinkedHashMap<>();
    Optional<FieldReader> section = metadata.child("annotations");
    if (section.isEmpty()) {
      return annotations;
    }
    for (YamlNode.Entry entry : section.get().mapping().entries().values()) {
      // Scalars are taken as written: users type `...-on-removal: true` unquoted and mean the
      // string.
      if (entry.value() instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
        annotations.put(entry.key(), scalar.text());
      } else {
        problems.error(
            entry.value().location(),
            section.get().path(entry.key()),
            "annotation values must be strings, got "
                + section.get().shown(entry.key(), entry.value()));
      }
    }
    String deleteData = annotations.get(AppSpec.DELETE_DATA_ON_REMOVAL);
    if (deleteData != null && !deleteData.equals("true") && !deleteData.equals("false")) {
      section.get().reportInvalid(AppSpec.DELETE_DATA_ON_REMOVAL, "must be \"true\" or \"false\"");
    }
    return annotations;
  }

  /**
   * {@code spec}, or an empty mapping located at the document when it is absent or empty: all
   * defaults.
   */
  private YamlNode.Mapping spec(FieldReader fields, YamlNode.Mapping root) {
    Optional<YamlNode> spec = fields.value("spec");
    if (spec.isEmpty()) {
      return YamlNode.Mapping.empty(root.location());
    }
    if (spec.get() instanceof YamlNode.Mapping mapping) {
      return mapping;
    }
    problems.error(
        spec.get().location(),
        "spec",
        "must be a mapping, got " + fields.shown("spec", spec.get()));
    return YamlNode.Mapping.empty(root.location());
  }
}
