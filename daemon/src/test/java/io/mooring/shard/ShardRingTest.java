package io.mooring.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardRingTest {
  private static final List<AppRef> APPS = apps(4_000);

  @Test
  void everyShardCarriesAboutTheSameNumberOfApps() {
    ShardRing ring = new ShardRing(8);
    int[] counts = new int[8];
    APPS.forEach(app -> counts[ring.shardOf(app)]++);

    for (int count : counts) {
      assertThat(count).isBetween(APPS.size() / 8 * 3 / 4, APPS.size() / 8 * 5 / 4);
    }
  }

  @Test
  void anAppIsInTheSameShardOnEveryReplica() {
    ShardRing one = new ShardRing(5);
    ShardRing other = new ShardRing(5);

    assertThat(APPS).allMatch(app -> one.shardOf(app) == other.shardOf(app));
  }

  @Test
  void oneMoreShardMovesOnlyTheAppsItTakes() {
    ShardRing four = new ShardRing(4);
    ShardRing five = new ShardRing(5);
    long moved = APPS.stream().filter(app -> four.shardOf(app) != five.shardOf(app)).count();

    // A hash modulo the count would move about 4/5 of them.
    assertThat(moved).isLessThan(APPS.size() * 3 / 10);
    assertThat(APPS)
        .filteredOn(app -> four.shardOf(app) != five.shardOf(app))
        .allMatch(app -> five.shardOf(app) == 4);
  }

  @Test
  void oneShardHoldsEverything() {
    assertThat(APPS).allMatch(app -> new ShardRing(1).shardOf(app) == 0);
    assertThatThrownBy(() -> new ShardRing(0)).hasMessageContaining("at least 1");
  }

  private static List<AppRef> apps(int count) {
    List<AppRef> apps = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      apps.add(
          new AppRef(i % 2 == 0 ? AppKind.REDIS : AppKind.NATS, "team-" + (i % 37), "app-" + i));
    }
    return apps;
  }
}
