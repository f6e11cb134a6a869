package io.mooring.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.mooring.core.render.Renderer;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.SpecError;
import io.mooring.core.spec.SpecFile;
import io.mooring.core.spec.SpecParseResult;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A spec that validate accepts must render: every refusal a spec can meet is validate's, at the
 * field, never the renderer's. Renders every app of every spec file the tests and the examples
 * hold.
 */
class ValidateAcceptsOnlyRenderableSpecsTest {
  private static final List<Path> CORPORA =
      List.of(Path.of("src", "test", "resources"), Path.of("..", "examples"));
  private static final Path REFUSED =
      Path.of("src", "test", "resources", "spec", "refused-at-render");

  private final SpecParser parser = SpecParser.standard(SpecParserOptions.defaults());
  private final Renderer renderer = new Renderer(RenderOptions.defaults());

  @Test
  void everyAppValidateAcceptsRenders() throws IOException {
    Map<String, SpecParseResult> byFile = parser.parseEachFile(CORPORA);
    List<AppSpec> accepted = new ArrayList<>();
    byFile.values().forEach(result -> accepted.addAll(result.specs()));

    for (AppSpec spec : accepted) {
      assertThatCode(() -> renderer.render(spec, LiveSecrets.NONE))
          .as("rendering %s from %s", spec.ref(), spec.source())
          .doesNotThrowAnyException();
    }
    assertThat(byFile).hasSizeGreaterThanOrEqualTo(90);
    assertThat(accepted).hasSizeGreaterThanOrEqualTo(13);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          user-reserved-name.yaml              |  8 |  5 | spec.users.mooring-system              | the user name is reserved
          user-password-unreadable.yaml        |  9 | 17 | spec.users.admin.password              | must start with a letter
          user-password-variable-taken.yaml    |  9 |  5 | spec.users.a_b_34fafd                  | is taken by user "a-b"
          merge-operator-key.yaml              |  9 |  7 | spec.config.merge.trusted_keys         | operator (JWT) mode is switched on by spec.config.resolver
          merge-accounts-in-operator-mode.yaml | 11 |  7 | spec.config.merge.accounts             | in operator mode accounts and users come from JWTs
          merge-protected-key.yaml             | 10 |  9 | spec.config.merge.cluster.name         | the routes to every pod's stable name
          merge-secret-key.yaml                | 11 |  9 | spec.config.merge.websocket.token      | nats.conf is stored in a ConfigMap
          merge-include.yaml                   | 10 |  9 | spec.config.merge.leafnodes.include    | nats.conf includes are Mooring's own
          merge-cluster-single-replica.yaml    | 10 |  7 | spec.config.merge.cluster              | a single replica runs without a cluster block
          merge-jetstream-disabled.yaml        | 11 |  7 | spec.config.merge.jetstream            | enable JetStream with spec.jetstream.enabled
          merge-removes-cluster.yaml           |  9 |  7 | spec.config.merge.cluster              | it would replace the generated block
          merge-null-value.yaml                | 10 | 17 | spec.config.merge.mappings.orders      | must have a value
          """)
  void aSpecTheRendererWouldRefuseFailsValidateAtTheField(
      String file, int line, int column, String field, String message) throws IOException {
    SpecParseResult result =
        parser.parse(List.of(new SpecFile(file, Files.readAllBytes(REFUSED.resolve(file)))));

    assertThat(result.specs()).isEmpty();
    assertThat(result.errors())
        .extracting(SpecError::toString)
        .anySatisfy(
            error ->
                assertThat(error)
                    .startsWith(file + ":" + line + ":" + column + " " + field + ": ")
                    .contains(message));
    // Neither the password nor the token of these files is ever repeated.
    assertThat(result.errors())
        .extracting(SpecError::message)
        .noneMatch(m -> m.contains("lives") || m.contains("hunter2"));
  }

  @Test
  void everyRefusedFileIsCovered() throws IOException {
    try (Stream<Path> files = Files.list(REFUSED)) {
      assertThat(files.count()).isEqualTo(12);
    }
  }
}
