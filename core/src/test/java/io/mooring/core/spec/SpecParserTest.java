package io.mooring.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecParserTest {
  private static final String REDIS_HEAD =
      "apiVersion: apps.cozystack.io/v1alpha1\nkind: Redis\nmetadata:\n";
  private final SpecParser parser = SpecParser.standard(SpecParserOptions.defaults());

  @Test
  void errorLineNamesFileLineColumnFieldAndWhatWasExpected() {
    String yaml = REDIS_HEAD + "  name: cache\n  namespace: default\nspec:\n  replicas: three\n";

    SpecParseResult result = parser.parse(List.of(SpecFile.of("apps/cache.yaml", yaml)));

    assertThat(result.errors())
        .extracting(SpecError::toString)
        .containsExactly(
            "apps/cache.yaml:7:13 spec.replicas: must be an integer >= 1, got \"three\"");
    assertThat(result.invalidRefs()).containsExactly(new AppRef(AppKind.REDIS, "default", "cache"));
  }

  @Test
  void collectsEveryProblemOfEveryFileAndKeepsTheValidApps() {
    String broken =
        REDIS_HEAD
            + "  name: cache\nspec:\n  replicas: 0\n  size: huge\n  resourcesPreset: tiny\n  extrnal: true\n";
    String good = REDIS_HEAD + "  name: sessions\nspec:\n  replicas: 3\n";
    String alsoBroken = REDIS_HEAD + "  name: Bad_Name\n";

    SpecParseResult result =
        parser.parse(
            List.of(
                SpecFile.of("a.yaml", broken),
                SpecFile.of("b.yaml", good),
                SpecFile.of("c.yaml", alsoBroken)));

    assertThat(result.errors())
        .extracting(e -> e.file() + ":" + e.line() + " " + e.fieldPath())
        .containsExactlyInAnyOrder(
            "a.yaml:9 spec.extrnal",
            "a.yaml:6 spec.replicas",
            "a.yaml:7 spec.size",
            "a.yaml:8 spec.resourcesPreset",
            "c.yaml:4 metadata.name");
    assertThat(result.specs()).extracting(spec -> spec.ref().name()).containsExactly("sessions");
    assertThat(result.invalidFiles()).containsExactlyInAnyOrder("a.yaml", "c.yaml");
    assertThat(result.errors().get(0).message())
        .isEqualTo("unknown field \"extrnal\"; did you mean external?");
  }

  @Test
  void duplicateAppsAcrossFilesNameBothPlacesAndNeitherIsApplied() {
    String first = REDIS_HEAD + "  name: cache\n  namespace: team-a\nspec: {}\n";
    String second =
        "# copied by mistake\n"
            + REDIS_HEAD
            + "  name: cache\n  namespace: team-a\nspec:\n  replicas: 1\n";
    String otherNamespace = REDIS_HEAD + "  name: cache\n  namespace: team-b\n";

    SpecParseResult result =
        parser.parse(
            List.of(
                SpecFile.of("one.yaml", first),
                SpecFile.of("two.yaml", second),
                SpecFile.of("three.yaml", otherNamespace)));

    assertThat(result.errors())
        .extracting(SpecError::toString)
        .containsExactly(
            "one.yaml:4:9 metadata.name: duplicate app redis/team-a/cache, also defined at two.yaml:5:9",
            "two.yaml:5:9 metadata.name: duplicate app redis/team-a/cache, also defined at one.yaml:4:9");
    assertThat(result.specs())
        .extracting(spec -> spec.ref().toString())
        .containsExactly("redis/team-b/cache");
    assertThat(result.invalidRefs()).containsExactly(new AppRef(AppKind.REDIS, "team-a", "cache"));
  }

  @Test
  void sameNameOfAnotherKindIsAnotherApp() {
    String yaml =
        REDIS_HEAD
            + "  name: shared\n---\napiVersion: apps.cozystack.io/v1alpha1\nkind: NATS\nmetadata:\n  name: shared\nspec:\n  replicas: 3\n";

    SpecParseResult result = parser.parse(List.of(SpecFile.of("both.yaml", yaml)));

    assertThat(result.errors()).isEmpty();
    assertThat(result.specs())
        .extracting(AppSpec::ref)
        .extracting(AppRef::kind)
        .containsExactly(AppKind.REDIS, AppKind.NATS);
  }

  @Test
  void otherDocumentsOfAConfigRepoAreSkippedWithAWarning() {
    String yaml =
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        ---
        apiVersion: apps.cozystack.io/v1alpha1
        kind: Postgres
        metadata:
          name: db
        ---
        - just
        - a list
        ---
        """;

    SpecParseResult result =
        parser.parse(List.of(SpecFile.of("misc.yaml", yaml), SpecFile.of("empty.yaml", "")));

    assertThat(result.valid()).isTrue();
    assertThat(result.specs()).isEmpty();
    assertThat(result.warnings())
        .extracting(SpecError::toString)
        .containsExactly(
            "misc.yaml:1:1: warning: skipped: v1 ConfigMap is not a kind Mooring deploys",
            "misc.yaml:6:1: warning: skipped: apps.cozystack.io/v1alpha1 Postgres is not a kind Mooring deploys",
            "misc.yaml:11:1: warning: skipped: a list is not a Kubernetes-style object");
  }

  @Test
  void namespaceDefaultsToTheConfiguredOne() {
    SpecParser teamParser =
        SpecParser.standard(SpecParserOptions.defaults().withDefaultNamespace("payments"));

    SpecParseResult result =
        teamParser.parse(List.of(SpecFile.of("r.yaml", REDIS_HEAD + "  name: cache\n")));

    assertThat(result.specs().get(0).ref())
        .isEqualTo(new AppRef(AppKind.REDIS, "payments", "cache"));
  }

  @Test
  void quantitiesAreKubernetesQuantitiesNotStrings() {
    String yaml =
        REDIS_HEAD
            + "  name: cache\nspec:\n  size: 1024Mi\n  resources:\n    cpu: 1\n    memory: 0.5Gi\n";

    RedisSpec redis = (RedisSpec) parser.parse(List.of(SpecFile.of("r.yaml", yaml))).specs().get(0);

    assertThat(Quantity.getAmountInBytes(redis.size()))
        .isEqualByComparingTo(Quantity.getAmountInBytes(new Quantity("1Gi")));
    assertThat(redis.resources().cpuLimit().getNumericalAmount())
        .isEqualByComparingTo(new Quantity("1000m").getNumericalAmount());
    assertThat(Quantity.getAmountInBytes(redis.resources().memoryLimit()))
        .isEqualByComparingTo(Quantity.getAmountInBytes(new Quantity("512Mi")));
  }

  @Test
  void anchorsAndAliasesWithinADocumentAreResolved() {
    String yaml =
        """
        apiVersion: apps.cozystack.io/v1alpha1
        kind: NATS
        metadata:
          name: bus
        spec:
          replicas: 3
          users:
            alice: &user {}
            bob: *user
          config:
            merge: &shared {allow_delete: true}
            resolver: *shared
        """;

    NatsSpec nats = (NatsSpec) parser.parse(List.of(SpecFile.of("n.yaml", yaml))).specs().get(0);

    assertThat(nats.users().keySet()).containsExactly("alice", "bob");
    assertThat(nats.configResolver())
        .isEqualTo(nats.configMerge())
        .containsEntry("allow_delete", true);
  }

  @Test
  void deleteDataAnnotationIsCarriedAndAcceptsAnUnquotedBoolean() {
    String yaml =
        REDIS_HEAD
            + "  name: scratch\n  annotations:\n    mooring.io/delete-data-on-removal: true\n    team: search\n";

    AppSpec spec = parser.parse(List.of(SpecFile.of("r.yaml", yaml))).specs().get(0);

    assertThat(spec.annotations())
        .containsEntry(AppSpec.DELETE_DATA_ON_REMOVAL, "true")
        .containsEntry("team", "search");
  }

  @Test
  void evenJetstreamClusterIsAWarningAndOddOrWithoutJetstreamIsNot() {
    String head = "apiVersion: apps.cozystack.io/v1alpha1\nkind: NATS\nmetadata:\n  name: ";

    SpecParseResult result =
        parser.parse(
            List.of(
                SpecFile.of("four.yaml", head + "four\nspec:\n  replicas: 4\n"),
                SpecFile.of("three.yaml", head + "three\nspec:\n  replicas: 3\n"),
                SpecFile.of(
                    "plain.yaml",
                    head + "plain\nspec:\n  replicas: 2\n  jetstream:\n    enabled: false\n")));

    assertThat(result.valid()).isTrue();
    assertThat(result.specs()).hasSize(3);
    assertThat(result.warnings())
        .filteredOn(warning -> warning.fieldPath().equals("spec.replicas"))
        .extracting(SpecError::toString)
        .containsExactly(
            "four.yaml:6:13 spec.replicas: warning: with 4 JetStream peers, losing 2 stops publishes, as with 3"
                + " (an even count adds no fault tolerance); use an odd count such as 3 or 5");
  }

  @Test
  void passwordsNeverShowInTheSpecsStringForm() {
    String yaml =
        "apiVersion: apps.cozystack.io/v1alpha1\nkind: Nats\nmetadata:\n  name: bus\nspec:\n  replicas: 3\n  users:\n    admin:\n      password: hunter2\n";

    AppSpec spec = parser.parse(List.of(SpecFile.of("n.yaml", yaml))).specs().get(0);

    assertThat(spec.toString()).doesNotContain("hunter2");
  }

  @Test
  void aPasswordOfTheWrongTypeIsNotRepeatedInTheError() {
    String yaml =
        "apiVersion: apps.cozystack.io/v1alpha1\nkind: Nats\nmetadata:\n  name: bus\nspec:\n  users:\n    admin:\n      password: 73914682\n";

    SpecParseResult result = parser.parse(List.of(SpecFile.of("n.yaml", yaml)));

    assertThat(result.errors())
        .extracting(SpecError::toString)
        .containsExactly(
            "n.yaml:8:17 spec.users.admin.password: must be a string, got a number (quote it to make it a string)");
  }
}
