package io.mooring.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One malformed file per problem class; each must be reported at its file, line, column and field.
 */
class InvalidSpecFilesTest {
  private static final Path DIR = Path.of("src", "test", "resources", "spec", "invalid");
  private final SpecParser parser = SpecParser.standard(SpecParserOptions.defaults());

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          yaml-bad-indentation.yaml                 |  5 | 14 |                                    | mapping values are not allowed here
          yaml-unclosed-quote.yaml                  |  9 |  1 |                                    | end of stream (while scanning a quoted scalar)
          yaml-tab-indentation.yaml                 |  7 |  1 |                                    | Do not use \\t(TAB) for indentation
          yaml-unclosed-flow-list.yaml              |  8 |  3 |                                    | expected ',' or '}'
          yaml-duplicate-key.yaml                   |  9 |  3 |                                    | duplicate key "replicas" (first at line 7)
          yaml-unknown-alias.yaml                   |  7 | 14 |                                    | alias *defaults refers to no earlier anchor
          binary-garbage.yaml                       |  1 |  8 |                                    | not UTF-8 text
          not-utf8.yaml                             |  7 | 18 |                                    | not UTF-8 text
          billion-laughs.yaml                       |  6 |  4 |                                    | expands to more than 100000 nodes
          deep-nesting.yaml                         |  7 | 73 |                                    | nesting depth (65) exceeds the maximum allowed (64
          kind-near-miss.yaml                       |  2 |  7 | kind                               | unknown kind "redis" for apps.cozystack.io/v1alpha1; did you mean Redis?
          metadata-missing.yaml                     |  1 |  1 | metadata                           | is required
          metadata-not-mapping.yaml                 |  3 | 11 | metadata                           | must be a mapping, got "cache"
          name-missing.yaml                         |  4 |  3 | metadata.name                      | is required
          name-not-string.yaml                      |  4 |  9 | metadata.name                      | must be a string, got 42 (quote it
          name-uppercase.yaml                       |  4 |  9 | metadata.name                      | must be a DNS-1123 label
          name-underscore.yaml                      |  4 |  9 | metadata.name                      | got "my_bus"
          name-trailing-hyphen.yaml                 |  4 |  9 | metadata.name                      | got "cache-"
          name-too-long-redis.yaml                  |  4 |  9 | metadata.name                      | must be at most 40 characters for redis
          name-too-long-nats.yaml                   |  4 |  9 | metadata.name                      | must be at most 45 characters for nats
          name-over-63.yaml                         |  4 |  9 | metadata.name                      | must be at most 63 characters (it has 64)
          namespace-invalid.yaml                    |  5 | 14 | metadata.namespace                 | got "Team.A"
          annotation-not-string.yaml                |  6 | 11 | metadata.annotations.team          | annotation values must be strings, got a list
          annotation-delete-data-invalid.yaml       |  6 | 40 | metadata.annotations.mooring.io/delete-data-on-removal | must be "true" or "false", got "yes please"
          spec-not-mapping.yaml                     |  6 |  3 | spec                               | must be a mapping, got a list
          spec-unknown-field.yaml                   |  7 |  3 | spec.replcas                       | unknown field "replcas"; did you mean replicas?
          spec-unknown-field-no-suggestion.yaml     |  7 |  3 | spec.persistence                   | valid fields: replicas, resources, resourcesPreset, storageClass, external, size, authEnabled
          resources-unknown-field.yaml              |  8 |  5 | spec.resources.cpus                | did you mean cpu?
          resources-not-mapping.yaml                |  7 | 14 | spec.resources                     | must be a mapping, got 2
          resources-memory-missing.yaml             |  9 |  5 | spec.resources.memory              | is required when resources is set, because resourcesPreset is then ignored
          replicas-string.yaml                      |  8 | 13 | spec.replicas                      | must be an integer >= 1, got "three"
          replicas-zero.yaml                        |  7 | 13 | spec.replicas                      | must be an integer >= 1, got 0
          replicas-negative.yaml                    |  7 | 13 | spec.replicas                      | must be an integer >= 1, got -3
          replicas-float.yaml                       |  7 | 13 | spec.replicas                      | must be an integer >= 1, got 2.5
          replicas-too-large.yaml                   |  7 | 13 | spec.replicas                      | got 99999999999
          replicas-quoted.yaml                      |  7 | 13 | spec.replicas                      | must be an integer >= 1, got "3"
          cpu-unparseable.yaml                      |  8 | 10 | spec.resources.cpu                 | must be a Kubernetes quantity such as 1Gi or 500m, got "fast"
          memory-negative.yaml                      |  8 | 13 | spec.resources.memory              | must be greater than zero, got "-1Gi"
          memory-bad-suffix.yaml                    |  8 | 13 | spec.resources.memory              | got "2GB"
          size-zero.yaml                            |  7 |  9 | spec.size                          | must be greater than zero, got 0
          size-not-scalar.yaml                      |  8 |  5 | spec.size                          | must be a Kubernetes quantity such as 1Gi or 500m, got a mapping
          preset-unknown.yaml                       |  7 | 20 | spec.resourcesPreset               | must be one of nano, micro, small, medium, large, xlarge, 2xlarge, got "huge"
          preset-typo.yaml                          |  7 | 20 | spec.resourcesPreset               | did you mean small?
          external-not-boolean.yaml                 |  7 | 13 | spec.external                      | must be true or false, got "maybe"
          auth-quoted-boolean.yaml                  |  7 | 16 | spec.authEnabled                   | must be true or false, got "false"
          storage-class-invalid.yaml                |  7 | 17 | spec.storageClass                  | must be a DNS-1123 subdomain
          nats-users-not-mapping.yaml               |  8 |  5 | spec.users                         | must be a mapping, got a list
          nats-user-invalid-name.yaml               |  8 |  5 | spec.users.bad user!               | user name must be
          nats-user-password-number.yaml            |  9 | 17 | spec.users.admin.password          | must be a string, got a number (quote it
          nats-user-unknown-field.yaml              |  9 |  7 | spec.users.admin.pasword           | did you mean password?
          nats-user-not-mapping.yaml                |  8 | 12 | spec.users.admin                   | must be a mapping with an optional password, got a string
          nats-jetstream-size-invalid.yaml          |  8 | 11 | spec.jetstream.size                | got "lots"
          nats-jetstream-enabled-not-boolean.yaml   |  8 | 14 | spec.jetstream.enabled             | must be true or false, got "sometimes"
          nats-jetstream-unknown-field.yaml         |  8 |  5 | spec.jetstream.enable              | did you mean enabled?
          nats-config-unknown-field.yaml            |  8 |  5 | spec.config.merg                   | did you mean merge?
          nats-config-merge-not-mapping.yaml        |  8 | 12 | spec.config.merge                  | must be a mapping, got a string
          nats-resolver-type-cache.yaml             |  9 | 13 | spec.config.resolver.type          | must be full, got a string; Mooring runs the app in operator mode
          nats-resolver-dir-off-volume.yaml         | 10 | 12 | spec.config.resolver.dir           | must be a directory under /data, where every pod mounts its volume
          nats-resolver-dir-in-jetstream-store.yaml |  9 | 12 | spec.config.resolver.dir           | must lie outside /data/jetstream, JetStream's store, got a string
          nats-resolver-unknown-field.yaml          |  9 |  7 | spec.config.resolver.ttl           | unknown field "ttl"
          nats-resolver-interval-not-duration.yaml  |  9 | 17 | spec.config.resolver.interval      | must be a duration such as 2m or 30s, got a string
          duplicate-app-in-file.yaml                | 12 |  9 | metadata.name                      | duplicate app redis/default/cache, also defined at duplicate-app-in-file.yaml:4:9
          second-document-invalid.yaml              | 15 |  9 | spec.size                          | got "big"
          hera-masters-below-three.yaml             |  7 | 12 | spec.masters                       | must be an integer >= 3, got 2
          hera-masters-too-many.yaml                |  6 | 12 | spec.masters                       | must be an integer between 3 and 100, got 101
          hera-replicas-per-master-negative.yaml    |  8 | 22 | spec.replicasPerMaster             | must be an integer >= 0, got -1
          hera-version-below-6-2.yaml               |  6 | 12 | spec.version                       | must be one of 6.2, 7.0, 7.2; versions below 6.2 are no longer supported, got "6.0"
          hera-cluster-version-6-2.yaml             |  6 | 12 | spec.version                       | must be one of 7.0, 7.2; versions below 7.0 cannot announce the stable DNS names
          hera-version-unknown.yaml                 |  6 | 12 | spec.version                       | must be one of 6.2, 7.0, 7.2 (a major.minor family, as a string), got "8.0"
          hera-version-unquoted.yaml                |  6 | 12 | spec.version                       | must be a string, got 7.2 (quote it
          hera-requests-above-limits.yaml           |  9 | 15 | spec.resources.requests.memory     | must not exceed spec.resources.limits.memory (512Mi), as Kubernetes requires, got "1Gi"
          hera-bad-quantity.yaml                    |  9 | 15 | spec.resources.requests.memory     | must be a Kubernetes quantity such as 1Gi or 500m, got "512MB"
          hera-unknown-field.yaml                   |  7 |  3 | spec.replicasPerMastr              | unknown field "replicasPerMastr"; did you mean replicasPerMaster?
          hera-persistence-unknown-field.yaml       |  8 |  5 | spec.persistence.storageClassNme   | did you mean storageClassName?
          hera-name-too-long-cluster.yaml           |  4 |  9 | metadata.name                      | must be at most 43 characters for redis-cluster
          """)
  void reportsTheProblemWhereItIsWritten(
      String file, int line, int column, String field, String message) throws IOException {
    SpecParseResult result =
        parser.parse(List.of(new SpecFile(file, Files.readAllBytes(DIR.resolve(file)))));

    assertThat(result.valid()).isFalse();
    assertThat(result.invalidFiles()).containsExactly(file);
    assertThat(result.errors())
        .as("errors of %s", file)
        .anySatisfy(
            error -> {
              assertThat(error.file()).isEqualTo(file);
              assertThat(error.line()).isEqualTo(line);
              assertThat(error.column()).isEqualTo(column);
              assertThat(error.fieldPath()).isEqualTo(field == null ? "" : field);
              assertThat(error.message()).contains(message);
              assertThat(error.isWarning()).isFalse();
            });
    // Only the document of the second file that is well formed survives.
    assertThat(result.specs()).hasSize(file.equals("second-document-invalid.yaml") ? 1 : 0);
  }

  @Test
  void everyMalformedFileIsCovered() throws Exception {
    Set<String> covered =
        Stream.of(
                getClass()
                    .getDeclaredMethod(
                        "reportsTheProblemWhereItIsWritten",
                        String.class,
                        int.class,
                        int.class,
                        String.class,
                        String.class)
                    .getAnnotation(CsvSource.class)
                    .textBlock()
                    .split("\n"))
            .filter(row -> !row.isBlank())
            .map(row -> row.split("\\|", -1)[0].trim())
            .collect(Collectors.toSet());
    try (Stream<Path> files = Files.list(DIR)) {
      Set<String> present = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
      assertThat(covered).isEqualTo(present).hasSizeGreaterThanOrEqualTo(30);
    }
  }

  @Test
  void allFilesAtOnceReportEveryProblemNotJustTheFirst() throws IOException {
    List<SpecFile> all;
    try (Stream<Path> files = Files.list(DIR)) {
      all = files.sorted().map(InvalidSpecFilesTest::read).toList();
    }
    SpecParseResult result = parser.parse(all);

    assertThat(result.invalidFiles()).hasSize(all.size());
    assertThat(result.errors().size()).isGreaterThan(all.size());
    // Most files declare redis/default/cache or nats/tenant-x/bus: an invalid document still claims
    // its
    // app, so the one well-formed "bus" document is a duplicate and nothing is left to apply.
    assertThat(result.specs()).isEmpty();
    assertThat(result.invalidRefs())
        .contains(
            new AppRef(AppKind.REDIS, "default", "cache"),
            new AppRef(AppKind.NATS, "tenant-x", "bus"));
  }

  private static SpecFile read(Path path) {
    try {
      return new SpecFile(path.getFileName().toString(), Files.readAllBytes(path));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
