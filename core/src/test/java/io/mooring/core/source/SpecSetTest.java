package io.mooring.core.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.ProblemCaps;
import io.mooring.core.spec.SourceLocation;
import io.mooring.core.spec.SpecError;
import io.mooring.core.spec.SpecFile;
import io.mooring.core.spec.SpecParseResult;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The set is what keeps a sync, full or incremental, CLI or daemon, from treating a broken or
 * duplicated spec as removed.
 */
class SpecSetTest {
  private static final AppRef CACHE = new AppRef(AppKind.REDIS, "team-a", "cache");
  private static final AppRef QUEUE = new AppRef(AppKind.REDIS, "team-a", "queue");
  private static final AppRef GONE = new AppRef(AppKind.REDIS, "team-a", "gone");
  private final SpecParser parser = SpecParser.standard(SpecParserOptions.defaults());

  private SpecParseResult parse(String path, String yaml) {
    return parser.parse(List.of(SpecFile.of(path, yaml)));
  }

  private SpecSet put(SpecSet set, String path, String yaml) {
    return set.edit().put(path, parse(path, yaml)).build();
  }

  private static String redis(String name, String replicas) {
    return """
        apiVersion: apps.cozystack.io/v1alpha1
        kind: Redis
        metadata:
          name: %s
          namespace: team-a
        spec:
          replicas: %s
        """
        .formatted(name, replicas);
  }

  @Test
  void validFilesGiveTheirSpecs() {
    SpecSet set =
        put(SpecSet.empty(), "a.yaml", redis("cache", "3") + "---\n" + redis("queue", "2"));

    assertThat(set.validSpecs()).extracting(AppSpec::ref).containsExactly(CACHE, QUEUE);
    assertThat(set.invalid()).isEmpty();
    assertThat(set.removalsAreKnown()).isTrue();
    assertThat(set.valid()).isTrue();
    assertThat(set.untouched(List.of(CACHE, GONE))).isEmpty();
  }

  @Test
  void aBrokenVersionOfAFileKeepsItsAppsAsInvalidNotRemoved() {
    SpecSet valid = put(SpecSet.empty(), "a.yaml", redis("cache", "3"));
    SpecSet broken = put(valid, "a.yaml", "apiVersion: [unclosed\n");

    assertThat(broken.validSpecs()).isEmpty();
    assertThat(broken.invalid()).containsOnlyKeys(CACHE);
    assertThat(broken.invalid().get(CACHE)).allMatch(line -> line.startsWith("a.yaml:"));
    assertThat(broken.allApps()).containsExactly(CACHE);
    assertThat(valid.spec(CACHE)).as("the earlier snapshot is unchanged").isNotNull();
  }

  @Test
  void aFileThatBreaksKeepsAnAppItsNewVersionDropped() {
    SpecSet both =
        put(SpecSet.empty(), "a.yaml", redis("cache", "3") + "---\n" + redis("queue", "2"));
    SpecSet broken = put(both, "a.yaml", redis("cache", "three"));

    assertThat(broken.invalid()).containsOnlyKeys(CACHE, QUEUE);
    assertThat(broken.appsOf("a.yaml")).containsExactly(CACHE, QUEUE);
  }

  @Test
  void whileAnyFileHasErrorsNoAppWithoutASpecIsPruned() {
    SpecSet set =
        SpecSet.of(
            ordered(
                "a.yaml", parse("a.yaml", redis("cache", "3")),
                "b.yaml", parse("b.yaml", redis("queue", "three"))));

    assertThat(set.removalsAreKnown()).isFalse();
    assertThat(set.filesWithErrors()).containsExactly("b.yaml");
    Map<AppRef, List<String>> untouched = set.untouched(List.of(CACHE, QUEUE, GONE));
    assertThat(untouched).containsOnlyKeys(QUEUE, GONE);
    assertThat(untouched.get(GONE)).containsExactly(SpecSet.UNKNOWN_REMOVALS + "b.yaml");
    assertThat(set.spec(CACHE)).as("valid apps elsewhere still apply").isNotNull();
  }

  @Test
  void aFileBrokenBeforeItWasEverReadHoldsEveryRemovalUntilItReads() {
    SpecSet broken = put(SpecSet.empty(), "a.yaml", "apiVersion: [unclosed\n");
    assertThat(broken.removalsAreKnown()).isFalse();
    assertThat(broken.allApps()).isEmpty();
    assertThat(broken.untouched(List.of(GONE))).containsOnlyKeys(GONE);

    SpecSet fixed = put(broken, "a.yaml", redis("cache", "3"));
    assertThat(fixed.removalsAreKnown()).isTrue();
    assertThat(fixed.untouched(List.of(GONE))).isEmpty();
  }

  @Test
  void aFileWithOneBadDocumentAppliesNoneOfIt() {
    SpecSet set =
        put(SpecSet.empty(), "a.yaml", redis("cache", "3") + "---\n" + redis("queue", "three"));

    assertThat(set.validSpecs()).isEmpty();
    assertThat(set.invalid()).containsOnlyKeys(CACHE, QUEUE);
  }

  @Test
  void anAppDeclaredInTwoFilesIsAppliedFromNeither() {
    SpecSet set =
        SpecSet.of(
            ordered(
                "a.yaml", parse("a.yaml", redis("cache", "3") + "---\n" + redis("queue", "2")),
                "b.yaml", parse("b.yaml", redis("cache", "5"))));

    assertThat(set.spec(CACHE)).isNull();
    assertThat(set.spec(QUEUE)).as("the other app of the file is not affected").isNotNull();
    assertThat(set.removalsAreKnown()).isTrue();
    assertThat(set.valid()).isFalse();
    List<SpecError> errors = set.summary().errors();
    assertThat(errors)
        .extracting(SpecError::location)
        .containsExactly(new SourceLocation("a.yaml", 1, 1), new SourceLocation("b.yaml", 1, 1));
    assertThat(set.invalid().get(CACHE))
        .containsExactly(errors.get(0).toString(), errors.get(1).toString())
        .allMatch(line -> line.contains("duplicate app redis/team-a/cache"));

    SpecSet one = set.edit().remove("b.yaml").build();
    assertThat(one.spec(CACHE)).isNotNull();
  }

  @Test
  void aDeletedFileTakesItsAppsAway() {
    SpecSet set = put(SpecSet.empty(), "a.yaml", redis("cache", "3"));
    assertThat(set.appsOf("a.yaml")).containsExactly(CACHE);

    SpecSet deleted = set.edit().remove("a.yaml").build();
    assertThat(deleted.allApps()).isEmpty();
    assertThat(deleted.removalsAreKnown()).isTrue();
    assertThat(set.edit().retainOnly(Set.of()).build().paths()).isEmpty();
  }

  @Test
  void theSummaryReportsEveryFilesProblemsOnce() {
    SpecParseResult summary =
        SpecSet.of(
                ordered(
                    "a.yaml", parse("a.yaml", redis("cache", "3")),
                    "b.yaml", parse("b.yaml", redis("queue", "three"))))
            .summary();

    assertThat(summary.specs()).extracting(AppSpec::ref).containsExactly(CACHE);
    assertThat(summary.errors()).singleElement().extracting(SpecError::file).isEqualTo("b.yaml");
    assertThat(summary.invalidRefs()).containsExactly(QUEUE);
    assertThat(summary.invalidFiles()).containsExactly("b.yaml");
    assertThat(summary.filesRead()).isEqualTo(2);
  }

  @Test
  void aFileFullOfErrorsGivesItsAppTheFirstTwentyAndHowManyMore() {
    StringBuilder unknown = new StringBuilder(redis("cache", "3"));
    for (int i = 0; i < 100; i++) {
      unknown.append("  unknown").append(i).append(": 1\n");
    }

    SpecSet set = put(SpecSet.empty(), "a.yaml", unknown.toString());

    List<String> lines = set.invalid().get(CACHE);
    assertThat(lines).hasSize(ProblemCaps.MAX_PROBLEMS_PER_FILE + 1);
    assertThat(lines.get(0)).startsWith("a.yaml:8:3 spec.unknown0: unknown field");
    assertThat(lines.get(20))
        .isEqualTo(
            "a.yaml:28:3: and 80 more errors in this file (mooring validate lists them all)");
    assertThat(set.fileProblems()).containsEntry("a.yaml", lines);
    assertThat(set.summary().errors()).hasSize(21);
  }

  @Test
  void aHugeKeyIsCutInTheProblemsThatNameIt() {
    SpecSet set =
        put(SpecSet.empty(), "a.yaml", redis("cache", "3") + "  k" + "x".repeat(1000) + ": 1\n");

    assertThat(set.invalid().get(CACHE))
        .singleElement()
        .asString()
        .hasSizeLessThan(3 * ProblemCaps.MAX_CHARS)
        .contains("more characters)");
  }

  @Test
  void filesWhoseProblemsNameNoAppAreListedUnderTheirPath() {
    String badName = redis("Cache_1", "3");
    String badNamespace = redis("cache", "3").replace("namespace: team-a", "namespace: Team.A");
    String aliasBomb =
        """
        a: &a [x, x, x, x, x, x, x, x, x, x]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
        d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
        e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
        """;
    String controlName = "apps/evil\n\u001b[31m.yaml";
    SpecSet set =
        SpecSet.empty()
            .edit()
            .put("apps/name.yaml", parse("apps/name.yaml", badName))
            .put("apps/namespace.yaml", parse("apps/namespace.yaml", badNamespace))
            .put("apps/bomb.yaml", parse("apps/bomb.yaml", aliasBomb))
            .put(
                controlName,
                SpecParseResult.notRead(
                    SpecError.error(SourceLocation.ofFile(controlName), "", "file not read")))
            .put("apps/good.yaml", parse("apps/good.yaml", redis("queue", "2")))
            .build();

    assertThat(set.allApps()).containsExactly(QUEUE);
    assertThat(set.filesWithErrorsAndNoApp())
        .containsExactlyInAnyOrder(
            "apps/name.yaml", "apps/namespace.yaml", "apps/bomb.yaml", controlName);
    assertThat(set.fileProblems()).containsOnlyKeys(set.filesWithErrorsAndNoApp());
    assertThat(set.fileProblems().get("apps/name.yaml"))
        .singleElement()
        .asString()
        .contains("metadata.name: must be a DNS-1123 label");
    assertThat(set.fileProblems().get("apps/bomb.yaml"))
        .singleElement()
        .asString()
        .contains("expands to more than");
    assertThat(set.fileProblems().get(controlName))
        .containsExactly("apps/evil\\n\\u001b[31m.yaml: file not read");
  }

  private static Map<String, SpecParseResult> ordered(
      String firstPath, SpecParseResult first, String secondPath, SpecParseResult second) {
    Map<String, SpecParseResult> files = new LinkedHashMap<>();
    files.put(firstPath, first);
    files.put(secondPath, second);
    return files;
  }
}
