package io.mooring.daemon;

import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppLifecycle;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.CozystackDialect;
import io.mooring.core.spec.Dialect;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.SpecDocument;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import io.mooring.core.spec.SpecProblems;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Cozystack specs with a lifecycle taken from test annotations, standing in for a dialect whose
 * fields map onto {@link AppLifecycle}: {@value #PROTECTED}: "true" and {@value #WINDOW}: "friday
 * 23:00" (one hour, UTC).
 */
final class LifecycleTestDialect implements Dialect {
  static final String PROTECTED = "test.mooring.io/termination-protection";
  static final String WINDOW = "test.mooring.io/maintenance-window";

  private final CozystackDialect cozystack = new CozystackDialect();

  static SpecParser parser() {
    return new SpecParser(SpecParserOptions.defaults(), List.of(new LifecycleTestDialect()));
  }

  @Override
  public Optional<AppKind> kindOf(String apiVersion, String kind) {
    return cozystack.kindOf(apiVersion, kind);
  }

  @Override
  public Set<String> kinds(String apiVersion) {
    return cozystack.kinds(apiVersion);
  }

  @Override
  public Optional<AppSpec> map(SpecDocument document, SpecProblems problems) {
    return cozystack.map(document, problems).map(LifecycleTestDialect::withLifecycle);
  }

  private static AppSpec withLifecycle(AppSpec spec) {
    if (!(spec instanceof RedisSpec redis)) {
      return spec;
    }
    String window = redis.annotations().get(WINDOW);
    AppLifecycle lifecycle =
        new AppLifecycle(
            "true".equals(redis.annotations().get(PROTECTED)),
            false,
            Optional.ofNullable(window).map(LifecycleTestDialect::window));
    return new RedisSpec(
        redis.ref(),
        redis.source(),
        redis.annotations(),
        redis.replicas(),
        redis.resources(),
        redis.size(),
        redis.storageClass(),
        redis.external(),
        redis.authEnabled(),
        lifecycle,
        redis.engine(),
        redis.persistence(),
        redis.dataSource());
  }

  private static AppLifecycle.MaintenanceWindow window(String text) {
    int space = text.indexOf(' ');
    return new AppLifecycle.MaintenanceWindow(
        DayOfWeek.valueOf(text.substring(0, space).toUpperCase(Locale.ROOT)),
        LocalTime.parse(text.substring(space + 1).trim()),
        Duration.ofHours(1));
  }
}
