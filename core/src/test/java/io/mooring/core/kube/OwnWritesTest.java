package io.mooring.core.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.diff.ObjectKey;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The server's answers to Mooring's writes stand for the live state until the watch catches up. */
class OwnWritesTest {
  private static final String APP = "team-a/redis.cache";

  private final OwnWrites writes = new OwnWrites();

  @Test
  void anAnswerNewerThanTheInformersCopyIsWhatIsLive() {
    ConfigMap informed = config("4", "old");
    ConfigMap answer = config("5", "new");
    writes.record(APP, ObjectKey.of(answer), answer, null);

    assertThat(writes.overlay(APP, List.of(informed))).containsExactly(answer);
    assertThat(writes.overrides(ObjectKey.of(answer), informed)).isTrue();
    assertThat(writes.answer(ObjectKey.of(answer))).isSameAs(answer);
  }

  @Test
  void aCreatedObjectIsLiveBeforeTheInformersSeeIt() {
    ConfigMap answer = config("5", "new");
    writes.record(APP, ObjectKey.of(answer), answer, null);

    assertThat(writes.overlay(APP, List.of())).containsExactly(answer);
    assertThat(writes.overrides(ObjectKey.of(answer), null)).isTrue();
  }

  @Test
  void theAnswerIsDroppedOnceTheInformersShowItOrANewerState() {
    ConfigMap answer = config("5", "new");
    writes.record(APP, ObjectKey.of(answer), answer, null);
    ConfigMap edited = config("7", "edited by hand");

    writes.informed(APP, ObjectKey.of(edited), edited, false);

    assertThat(writes.overlay(APP, List.of(edited))).containsExactly(edited);
    assertThat(writes.size()).isZero();
  }

  @Test
  void anObjectDeletedByHandIsGoneEvenWhenItsAnswerCameAfterTheWatchEvent() {
    ConfigMap answer = config("5", "new");
    // The watch delivered the create before the writer recorded the server's answer.
    writes.informed(APP, ObjectKey.of(answer), answer, false);
    writes.record(APP, ObjectKey.of(answer), answer, null);

    writes.informed(APP, ObjectKey.of(answer), config("6", "new"), true);

    assertThat(writes.overlay(APP, List.of())).isEmpty();
    assertThat(writes.overrides(ObjectKey.of(answer), null)).isFalse();
  }

  @Test
  void aDeletionHidesTheObjectUntilTheInformersDeleteItToo() {
    ConfigMap informed = config("4", "old");
    ConfigMap terminating =
        new ConfigMapBuilder(config("6", "old"))
            .editMetadata()
            .withDeletionTimestamp("2026-11-30T12:00:00Z")
            .endMetadata()
            .build();
    writes.record(APP, ObjectKey.of(informed), null, "4");

    assertThat(writes.overlay(APP, List.of(informed))).isEmpty();
    // A foreground deletion first marks the object: still the one being deleted.
    writes.informed(APP, ObjectKey.of(terminating), terminating, false);
    assertThat(writes.overlay(APP, List.<HasMetadata>of(terminating))).isEmpty();

    writes.informed(APP, ObjectKey.of(terminating), terminating, true);
    assertThat(writes.size()).isZero();
  }

  @Test
  void anObjectCreatedAgainAfterADeletionIsLive() {
    writes.record(APP, ObjectKey.of(config("4", "old")), null, "4");
    ConfigMap again = config("9", "created again");

    assertThat(writes.overlay(APP, List.of(again))).containsExactly(again);
  }

  /**
   * A sync records its answers while the watch confirms the app's earlier writes on another thread.
   * When a confirmation takes the app's last answer, the app's entry goes; an answer recorded at
   * that moment must not go with it, or the next sync misses an object it just created and plans to
   * create it again.
   */
  @Test
  void anAnswerRecordedWhileTheWatchConfirmsTheAppsLastOtherAnswerIsKept() throws Exception {
    ExecutorService watch = Executors.newSingleThreadExecutor();
    try {
      for (int round = 0; round < 2_000; round++) {
        ConfigMap confirmed = config("cache-redis-config", "10", "a");
        ConfigMap created = config("cache-redis-pdb", "11", "b");
        writes.record(APP, ObjectKey.of(confirmed), confirmed, null);
        CountDownLatch go = new CountDownLatch(1);
        Future<?> event =
            watch.submit(
                () -> {
                  go.await();
                  writes.informed(APP, ObjectKey.of(confirmed), confirmed, false);
                  return null;
                });
        go.countDown();
        writes.record(APP, ObjectKey.of(created), created, null);
        event.get();

        assertThat(writes.overlay(APP, List.of(confirmed)))
            .as("round %d", round)
            .containsExactlyInAnyOrder(confirmed, created);
        assertThat(writes.answer(ObjectKey.of(created))).as("round %d", round).isSameAs(created);
        writes.informed(APP, ObjectKey.of(created), created, false);
        assertThat(writes.size()).isZero();
      }
    } finally {
      watch.shutdownNow();
    }
  }

  private static ConfigMap config(String resourceVersion, String value) {
    return config("cache-redis-config", resourceVersion, value);
  }

  private static ConfigMap config(String name, String resourceVersion, String value) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace("team-a")
        .withName(name)
        .withResourceVersion(resourceVersion)
        .endMetadata()
        .addToData("value", value)
        .build();
  }
}
