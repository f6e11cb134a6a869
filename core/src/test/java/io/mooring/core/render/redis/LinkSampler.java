package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.core.redis.RedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Samples each replica's {@code master_link_status} at a fixed rate over connections opened before
 * the change under test, so a password change cannot keep the sampler from logging in; a link that
 * drops even briefly shows as a sample other than "up".
 */
final class LinkSampler implements AutoCloseable {
  private final List<RedisConnection> watchers;
  private final List<String> links = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  private final ScheduledFuture<?> sampling;

  private LinkSampler(List<RedisConnection> watchers, Duration every) {
    this.watchers = List.copyOf(watchers);
    this.sampling =
        executor.scheduleAtFixedRate(this::sample, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Starts sampling over {@code watchers}, which this sampler closes when it is closed. */
  static LinkSampler start(List<RedisConnection> watchers, Duration every) {
    return new LinkSampler(watchers, every);
  }

  /** Opens one connection to each of {@code ordinals} with the default user and samples them. */
  static LinkSampler over(
      LoopbackRedisSet set, List<Integer> ordinals, String password, Duration every) {
    List<RedisConnection> watchers = new java.util.ArrayList<>();
    try {
      for (int ordinal : ordinals) {
        watchers.add(
            RedisConnection.open(
                LoopbackRedisSet.redisAddress(ordinal),
                set.redisPort,
                null,
                password,
                RedisLogins.TIMEOUT));
      }
    } catch (RuntimeException e) {
      watchers.forEach(RedisConnection::close);
      throw e;
    }
    return start(watchers, every);
  }

  /** The replica's link status as it reports it now. */
  static String linkOf(RedisConnection watcher) {
    return RedisCli.infoField(watcher.call("INFO", "replication"), "master_link_status");
  }

  private void sample() {
    synchronized (watchers) {
      for (RedisConnection watcher : watchers) {
        links.add(linkOf(watcher));
      }
    }
  }

  /** Every sample taken so far, in order. */
  List<String> links() {
    return links;
  }

  /** Whether sampling ended on its own: a sample threw, as a dropped connection would. */
  boolean failed() {
    return sampling.isDone();
  }

  /** Stops sampling; whether the last sample finished within the bound. */
  boolean stop() throws InterruptedException {
    sampling.cancel(false);
    executor.shutdown();
    return executor.awaitTermination(10, TimeUnit.SECONDS);
  }

  /**
   * Stops sampling and asserts that it never failed and that every sample, of which there is at
   * least one, says "up"; {@code what} describes the links sampled.
   */
  void assertStayedUp(String what) throws InterruptedException {
    assertThat(failed()).as("the sampler never failed").isFalse();
    assertThat(stop()).isTrue();
    assertThat(links).as(what).isNotEmpty().containsOnly("up");
  }

  @Override
  public void close() {
    executor.shutdownNow();
    synchronized (watchers) {
      watchers.forEach(RedisConnection::close);
    }
  }
}
