package io.mooring.daemon;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.mooring.core.metrics.DriftStartStore;
import io.mooring.core.spec.AppRef;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drift starts in the {@link StateConfigMap}, one data key per drifted app ({@code
 * drift-since.<kind>_<namespace>_<name>}, Unix seconds), so that a restart or a new leader carries
 * on the drift's age instead of starting it anew. Only the leader writes; a failed write is logged
 * and costs only that the age restarts on the next failover.
 */
final class ConfigMapDriftStarts implements DriftStartStore {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigMapDriftStarts.class);
  static final String PREFIX = "drift-since.";

  private final StateConfigMap state;
  private final BooleanSupplier mayWrite;

  ConfigMapDriftStarts(StateConfigMap state, BooleanSupplier mayWrite) {
    this.state = state;
    this.mayWrite = mayWrite;
  }

  static String key(AppRef app) {
    // '_' appears in no Kubernetes name, so the key names one app.
    return PREFIX + app.kind().id() + "_" + app.namespace() + "_" + app.name();
  }

  @Override
  public OptionalLong startOf(AppRef app) {
    ConfigMap current = state.current();
    String value =
        current == null || current.getData() == null ? null : current.getData().get(key(app));
    if (value == null || value.isBlank()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(value.strip()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  @Override
  public void started(AppRef app, long epochSeconds) {
    write(app, Long.toString(epochSeconds));
  }

  @Override
  public void ended(AppRef app) {
    if (startOf(app).isPresent()) {
      write(app, null);
    }
  }

  private void write(AppRef app, String value) {
    if (!mayWrite.getAsBoolean()) {
      return;
    }
    Map<String, String> data = new HashMap<>();
    data.put(key(app), value);
    try {
      state.merge(Map.of(), Collections.unmodifiableMap(data));
    } catch (RuntimeException e) {
      LOG.warn("could not record the drift start of {}: {}", app, e.toString());
    }
  }
}
