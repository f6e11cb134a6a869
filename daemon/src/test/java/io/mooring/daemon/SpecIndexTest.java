package io.mooring.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.SpecFile;
import io.mooring.core.spec.SpecParseResult;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The index is what keeps an incremental sync from treating a broken or duplicated spec as removed.
 */
class SpecIndexTest {
  private static final AppRef CACHE = new AppRef(AppKind.REDIS, "team-a", "cache");
  private static final AppRef QUEUE = new AppRef(AppKind.REDIS, "team-a", "queue");
  private final SpecParser parser = SpecParser.standard(SpecParserOptions.defaults());
  private final SpecIndex index = new SpecIndex();

  private SpecParseResult parse(String path, String yaml) {
    return parser.parse(List.of(SpecFile.of(path, yaml)));
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
    index.put("a.yaml", parse("a.yaml", redis("cache", "3") + "---\n" + redis("queue", "2")));
    assertThat(index.validSpecs()).extracting(AppSpec::ref).containsExactly(CACHE, QUEUE);
    assertThat(index.invalid()).isEmpty();
    assertThat(index.removalsAreKnown()).isTrue();
  }

  @Test
  void aBrokenVersionOfAFileKeepsItsAppsAsInvalidNotRemoved() {
    index.put("a.yaml", parse("a.yaml", redis("cache", "3")));
    index.put("a.yaml", parse("a.yaml", "apiVersion: [unclosed\n"));

    assertThat(index.validSpecs()).isEmpty();
    assertThat(index.invalid()).containsOnlyKeys(CACHE);
    assertThat(index.invalid().get(CACHE)).allMatch(line -> line.startsWith("a.yaml:"));
    assertThat(index.allApps()).containsExactly(CACHE);
  }

  @Test
  void aFileBrokenBeforeItWasEverReadHoldsEveryRemoval() {
    index.put("a.yaml", parse("a.yaml", "apiVersion: [unclosed\n"));
    assertThat(index.removalsAreKnown()).isFalse();
    assertThat(index.unreadableFiles()).containsExactly("a.yaml");

    index.put("a.yaml", parse("a.yaml", redis("cache", "3")));
    assertThat(index.removalsAreKnown()).isTrue();
  }

  @Test
  void aFileWithOneBadDocumentAppliesNoneOfIt() {
    index.put("a.yaml", parse("a.yaml", redis("cache", "3") + "---\n" + redis("queue", "three")));
    assertThat(index.validSpecs()).isEmpty();
    assertThat(index.invalid()).containsOnlyKeys(CACHE, QUEUE);
  }

  @Test
  void anAppDeclaredInTwoFilesIsAppliedFromNeither() {
    index.put("a.yaml", parse("a.yaml", redis("cache", "3")));
    index.put("b.yaml", parse("b.yaml", redis("cache", "5")));

    assertThat(index.spec(CACHE)).isNull();
    assertThat(index.invalid().get(CACHE)).anyMatch(line -> line.contains("a.yaml, b.yaml"));

    index.remove("b.yaml");
    assertThat(index.spec(CACHE)).isNotNull();
  }

  @Test
  void aDeletedFileTakesItsAppsAway() {
    index.put("a.yaml", parse("a.yaml", redis("cache", "3")));
    assertThat(index.appsOf("a.yaml")).containsExactly(CACHE);
    index.remove("a.yaml");
    assertThat(index.allApps()).isEmpty();
    assertThat(index.removalsAreKnown()).isTrue();
  }
}
