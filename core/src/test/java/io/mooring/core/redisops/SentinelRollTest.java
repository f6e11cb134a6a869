package io.mooring.core.redisops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The driver's own rules, with servers that never answer: it neither restarts nor hangs. */
class SentinelRollTest {
  private final List<String> restarted = new ArrayList<>();
  private final List<Optional<RollProgress>> records = new ArrayList<>();

  private final RollPods pods =
      new RollPods() {
        @Override
        public String updateRevision() {
          return "rev2";
        }

        @Override
        public List<Pod> pods() {
          return List.of(new Pod("r-0", 0, false), new Pod("r-1", 1, false));
        }

        @Override
        public void restart(String pod) {
          restarted.add(pod);
        }

        @Override
        public Optional<RollProgress> recorded() {
          return Optional.empty();
        }

        @Override
        public void record(Optional<RollProgress> progress) {
          records.add(progress);
        }
      };

  private final RedisAccess silent =
      new RedisAccess() {
        @Override
        public Optional<String> redis(String pod, List<String> command) {
          return Optional.empty();
        }

        @Override
        public Optional<String> sentinel(List<String> command) {
          return Optional.empty();
        }

        @Override
        public Optional<String> podAt(String address) {
          return Optional.empty();
        }
      };

  @Test
  void aSetWhoseServersNeverAnswerIsLeftAloneAndTheRollStopsAfterItsBound()
      throws InterruptedException {
    SentinelRoll roll =
        new SentinelRoll(
            "cache",
            pods,
            silent,
            Clock.systemUTC(),
            Duration.ofMillis(50),
            Duration.ofMillis(5),
            Optional.empty());

    RollStep outcome = roll.run();

    assertThat(outcome).isInstanceOf(RollStep.Degraded.class);
    assertThat(((RollStep.Degraded) outcome).reason())
        .contains("waiting for the Sentinels and a master that agree");
    assertThat(restarted).isEmpty();
    assertThat(records).isEmpty();
  }
}
