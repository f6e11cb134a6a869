package io.mooring.core.spec;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The repository-wide rule of {@code restore.fromApp}: the app restored from is declared, of the
 * same kind and in the same namespace, and is not the app itself. Backups live on a volume of the
 * source app's namespace; a name that matches nothing would leave the new app waiting for data that
 * never comes.
 */
public final class RestoreSources {
  private RestoreSources() {}

  /** The restore of a spec, if it has one. */
  public static Optional<RedisRestore> restoreOf(AppSpec spec) {
    if (spec instanceof RedisSpec redis) {
      return redis.protection().restore();
    }
    if (spec instanceof RedisClusterSpec cluster) {
      return cluster.protection().restore();
    }
    return Optional.empty();
  }

  /** The error of each spec whose {@code restore.fromApp} is not a declared app it can read. */
  public static Map<AppRef, SpecError> check(Collection<AppSpec> specs, Set<AppRef> declared) {
    Map<AppRef, SpecError> errors = new LinkedHashMap<>();
    for (AppSpec spec : specs) {
      Optional<RedisRestore> restore = restoreOf(spec);
      if (restore.isEmpty() || restore.get().fromApp().isEmpty()) {
        continue;
      }
      AppRef source =
          new AppRef(spec.ref().kind(), spec.ref().namespace(), restore.get().fromApp());
      if (source.equals(spec.ref())) {
        errors.put(
            spec.ref(),
            SpecError.error(
                restore.get().fromAppAt(),
                restore.get().fromAppField(),
                "names the app itself; a restore fills a new app from another app's backups"));
      } else if (!declared.contains(source)) {
        errors.put(
            spec.ref(),
            SpecError.error(
                restore.get().fromAppAt(),
                restore.get().fromAppField(),
                "names no "
                    + spec.ref().kind().id()
                    + " app declared in namespace "
                    + spec.ref().namespace()
                    + ", got "
                    + restore.get().fromApp()));
      }
    }
    return errors;
  }
}
