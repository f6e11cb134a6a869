package io.mooring.core.plan;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.redisops.RedisVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Redis StatefulSet is not written with the image of an earlier major version than it runs: a
 * server cannot load the RDB files a later major wrote, so even a pod that restarts on its own
 * would not come back. Refused before the write, so that the running template stays as it is.
 */
final class RedisDowngrade {
  private static final String REDIS_CONTAINER = "redis";

  private RedisDowngrade() {}

  static List<String> refusals(StatefulSet desired, StatefulSet live) {
    List<String> refusals = new ArrayList<>();
    Optional<String> wanted = tag(desired);
    Optional<String> running = tag(live);
    if (wanted.isPresent() && running.isPresent()) {
      RedisVersion.downgradeRefusal(wanted.get(), running.get())
          .ifPresent(
              reason ->
                  refusals.add("StatefulSet " + desired.getMetadata().getName() + ": " + reason));
    }
    return refusals;
  }

  /** The tag of the {@code redis} container's image, without a digest; empty when it has none. */
  private static Optional<String> tag(StatefulSet set) {
    if (set.getSpec() == null
        || set.getSpec().getTemplate() == null
        || set.getSpec().getTemplate().getSpec() == null) {
      return Optional.empty();
    }
    return set.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(container -> REDIS_CONTAINER.equals(container.getName()))
        .map(Container::getImage)
        .filter(image -> image != null && !image.contains("@"))
        .findFirst()
        .flatMap(
            image -> {
              int colon = image.lastIndexOf(':');
              return colon > image.lastIndexOf('/')
                  ? Optional.of(image.substring(colon + 1))
                  : Optional.empty();
            });
  }
}
