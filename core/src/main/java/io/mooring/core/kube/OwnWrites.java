package io.mooring.core.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.diff.ObjectKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's answers to Mooring's own writes, held until the informers deliver the same state.
 * The next diff of an app starts from them, so a sync never waits for its watch events to arrive
 * and never re-applies what it has just written.
 */
final class OwnWrites {
  /**
   * How long an answer may stand for the live state without the informers confirming it: past that
   * the watch has missed the write's event or delivered it before the answer was recorded, and the
   * informers' view is the better one.
   */
  static final long MAX_AGE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

  /** What the server answered: the object as stored, or null when it was deleted. */
  private record Answer(HasMetadata object, String resourceVersion, long recordedNanos) {
    boolean expired() {
      return System.nanoTime() - recordedNanos > MAX_AGE_NANOS;
    }
  }

  /** By app index key, then by object. */
  private final Map<String, Map<ObjectKey, Answer>> byApp = new ConcurrentHashMap<>();

  /** The app each answered object belongs to, for lookups by object alone. */
  private final Map<ObjectKey, String> appOf = new ConcurrentHashMap<>();

  /**
   * @param answer the stored object; null when the object was deleted or left Mooring's labels
   * @param goneVersion for a deletion, the resourceVersion the deleted object had (or null)
   */
  void record(String app, ObjectKey key, HasMetadata answer, String goneVersion) {
    Answer entry =
        answer == null
            ? new Answer(null, goneVersion, System.nanoTime())
            : new Answer(answer, answer.getMetadata().getResourceVersion(), System.nanoTime());
    byApp.compute(
        app,
        (k, answers) -> {
          Map<ObjectKey, Answer> kept = answers == null ? new ConcurrentHashMap<>() : answers;
          kept.put(key, entry);
          appOf.put(key, app);
          return kept;
        });
  }

  /** The informers delivered {@code object}: an answer it is not older than is no longer needed. */
  void informed(String app, ObjectKey key, HasMetadata object, boolean deleted) {
    byApp.computeIfPresent(
        app,
        (k, answers) -> {
          if (answers.computeIfPresent(
                  key, (same, answer) -> superseded(answer, object, deleted) ? null : answer)
              == null) {
            appOf.remove(key, app);
          }
          return emptyToNull(answers);
        });
  }

  /**
   * An app's answers go with its last one. Every change of an app's answers runs inside {@code
   * byApp}'s compute for that app, so an answer recorded while another thread empties the app's
   * answers lands in a map that stays, not in one being dropped.
   */
  private static Map<ObjectKey, Answer> emptyToNull(Map<ObjectKey, Answer> answers) {
    return answers.isEmpty() ? null : answers;
  }

  /**
   * {@code informed} (the informers' copies of the app's objects) with the answers laid over: an
   * answer wins over an older copy, a deletion hides the copy it deleted.
   */
  List<HasMetadata> overlay(String app, List<HasMetadata> informed) {
    Map<ObjectKey, Answer> answers = byApp.get(app);
    if (answers == null || answers.isEmpty()) {
      return informed;
    }
    Map<ObjectKey, HasMetadata> merged = new HashMap<>();
    informed.forEach(object -> merged.put(ObjectKey.of(object), object));
    answers.forEach(
        (key, answer) -> {
          HasMetadata cached = merged.get(key);
          if (answer.expired() || (cached != null && superseded(answer, cached, false))) {
            return;
          }
          if (answer.object() == null) {
            merged.remove(key);
          } else {
            merged.put(key, answer.object());
          }
        });
    return new ArrayList<>(merged.values());
  }

  /**
   * True when an answer for {@code key} is held that is newer than the informers' copy ({@code
   * cached}, null when they hold none); {@link #answer} then tells what it is.
   */
  boolean overrides(ObjectKey key, HasMetadata cached) {
    String app = appOf.get(key);
    Map<ObjectKey, Answer> answers = app == null ? null : byApp.get(app);
    Answer answer = answers == null ? null : answers.get(key);
    return answer != null
        && !answer.expired()
        && (cached == null || !superseded(answer, cached, false));
  }

  /** The object as the server answered, or null when it was deleted (or no answer is held). */
  HasMetadata answer(ObjectKey key) {
    String app = appOf.get(key);
    Map<ObjectKey, Answer> answers = app == null ? null : byApp.get(app);
    Answer answer = answers == null ? null : answers.get(key);
    return answer == null ? null : answer.object();
  }

  /** Apps that have an answer holding an object. */
  List<String> appsWithObjects() {
    List<String> apps = new ArrayList<>();
    byApp.forEach(
        (app, answers) -> {
          if (answers.values().stream().anyMatch(answer -> answer.object() != null)) {
            apps.add(app);
          }
        });
    return apps;
  }

  int size() {
    return byApp.values().stream().mapToInt(Map::size).sum();
  }

  /** Drops the answers the informers never confirmed in time, so that none lingers forever. */
  void forgetExpired() {
    for (String app : byApp.keySet()) {
      byApp.computeIfPresent(
          app,
          (k, answers) -> {
            answers
                .entrySet()
                .removeIf(
                    entry -> {
                      boolean expired = entry.getValue().expired();
                      if (expired) {
                        appOf.remove(entry.getKey(), app);
                      }
                      return expired;
                    });
            return emptyToNull(answers);
          });
    }
  }

  /**
   * An informer copy supersedes an answer when it is at least as new; a deletion is superseded by
   * the informer's delete event, or by a copy newer than the object that was deleted (created again
   * since).
   */
  private static boolean superseded(Answer answer, HasMetadata informed, boolean deleted) {
    String version = informed.getMetadata().getResourceVersion();
    if (answer.object() == null) {
      // A foreground deletion first updates the object (deletionTimestamp): still the deleted one.
      return deleted
          || (newer(version, answer.resourceVersion())
              && informed.getMetadata().getDeletionTimestamp() == null);
    }
    // A delete event of this object (not of an older one, as when it is created again) ends it too.
    return notOlder(version, answer.resourceVersion());
  }

  /** resourceVersions are opaque, but every API server in use issues increasing integers. */
  static boolean notOlder(String cached, String written) {
    try {
      return Long.parseLong(cached) >= Long.parseLong(written);
    } catch (NumberFormatException | NullPointerException opaque) {
      return Objects.equals(cached, written);
    }
  }

  private static boolean newer(String cached, String deleted) {
    try {
      return Long.parseLong(cached) > Long.parseLong(deleted);
    } catch (NumberFormatException | NullPointerException opaque) {
      return false;
    }
  }
}
