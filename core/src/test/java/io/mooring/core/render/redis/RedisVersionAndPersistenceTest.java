package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.SpecFile;
import io.mooring.core.spec.SpecParseResult;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import io.mooring.core.testing.Golden;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A RedisSpec's version and persistence, as the Hera RedisInstance writes them, reach the pods. */
class RedisVersionAndPersistenceTest {
  private static final SpecParser PARSER = SpecParser.standard(SpecParserOptions.defaults());

  private static RedisSpec parse(String yaml) {
    SpecParseResult result = PARSER.parse(List.of(SpecFile.of("app.yaml", yaml)));
    assertThat(result.errors()).isEmpty();
    return (RedisSpec) result.specs().get(0);
  }

  @Test
  void theSeedsRedisInstanceRendersAsInItsGoldenFile() throws IOException {
    List<AppSpec> specs =
        PARSER
            .parsePaths(
                List.of(
                    Path.of(
                        "src", "test", "resources", "spec", "hera", "seed-redis-instance.yaml")))
            .specs();
    DesiredState state = RedisRenderer.render((RedisSpec) specs.get(0), RedisTestSpecs.OPTIONS);

    Golden.assertMatches("redis/hera-seed-instance.yaml", state.objects());
    assertThat(state.objects()).noneMatch(o -> o.getMetadata().getName().contains("sentinel"));
  }

  @Test
  void anOlderVersionRunsThatFamilysImageInEveryRedisContainer() {
    RedisSpec spec =
        parse(
            """
            apiVersion: cache.hera.io/v1alpha1
            kind: RedisInstance
            metadata:
              name: old
            spec:
              version: "6.2"
            """);
    StatefulSet set =
        RedisRendererGoldenTest.statefulSet(RedisRenderer.render(spec, RedisTestSpecs.OPTIONS));

    List<Container> containers =
        new java.util.ArrayList<>(set.getSpec().getTemplate().getSpec().getInitContainers());
    containers.addAll(set.getSpec().getTemplate().getSpec().getContainers());
    assertThat(containers).extracting(Container::getImage).containsOnly("redis:6.2-alpine");
    // 6.2 refuses 7.0's "bind * -::*" and listens on every address without a bind line.
    String conf =
        RedisRendererGoldenTest.configMapData(
            RedisRenderer.render(spec, RedisTestSpecs.OPTIONS), "old-redis-config", "redis.conf");
    assertThat(conf).doesNotContain("bind ").contains("port 6379\n");
  }

  @Test
  void withoutPersistenceThereIsNoClaimButAnEmptyDirAndNoAppendOnlyFile() {
    RedisSpec spec =
        parse(
            """
            apiVersion: cache.hera.io/v1alpha1
            kind: RedisInstance
            metadata:
              name: tmp
            spec:
              persistence:
                enabled: false
            """);
    DesiredState state = RedisRenderer.render(spec, RedisTestSpecs.OPTIONS);
    StatefulSet set = RedisRendererGoldenTest.statefulSet(state);

    assertThat(set.getSpec().getVolumeClaimTemplates()).isEmpty();
    assertThat(set.getSpec().getTemplate().getSpec().getVolumes())
        .anySatisfy(
            volume -> {
              assertThat(volume.getName()).isEqualTo("data");
              assertThat(volume.getEmptyDir()).isNotNull();
            });
    String conf = RedisRendererGoldenTest.configMapData(state, "tmp-redis-config", "redis.conf");
    assertThat(conf).contains("appendonly no\n", "save \"\"\n").doesNotContain("appendonly yes");
  }
}
