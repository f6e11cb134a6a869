package io.mooring.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.core.spec.AppKind;
import org.junit.jupiter.api.Test;

class ChangedObjectsTest {
  private final BenchApp redis = new BenchApp(AppKind.REDIS, "team-00", "cache-0");
  private final BenchApp nats = new BenchApp(AppKind.NATS, "team-01", "events-1");

  @Test
  void anUnchangedSpecChangesNothingThoughPasswordsAreGeneratedAnew() {
    String yaml = SpecCorpus.yaml(redis, false);
    assertThat(ChangedObjects.between(redis.path(), yaml, yaml)).isZero();
  }

  @Test
  void aNewPresetChangesOnlyTheWorkloadsThatUseIt() {
    int redisChanged =
        ChangedObjects.between(
            redis.path(), SpecCorpus.yaml(redis, false), SpecCorpus.yaml(redis, true));
    int natsChanged =
        ChangedObjects.between(
            nats.path(), SpecCorpus.yaml(nats, false), SpecCorpus.yaml(nats, true));
    int redisObjects =
        RenderedCorpus.objects(java.util.Map.of(redis.path(), SpecCorpus.yaml(redis, false)))
            .size();
    assertThat(redisChanged).isPositive().isLessThan(redisObjects);
    assertThat(natsChanged).isPositive();
  }
}
