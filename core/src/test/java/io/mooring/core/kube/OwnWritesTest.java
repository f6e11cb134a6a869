package io.mooring.core.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.diff.ObjectKey;
import java.util.List;
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

  private static ConfigMap config(String resourceVersion, String value) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace("team-a")
        .withName("cache-redis-config")
        .withResourceVersion(resourceVersion)
        .endMetadata()
        .addToData("value", value)
        .build();
  }
}
