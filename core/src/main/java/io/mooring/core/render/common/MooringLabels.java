package io.mooring.core.render.common;

import io.mooring.core.spec.AppRef;
import java.util.LinkedHashMap;
import java.util.Map;

/** The labels and annotations by which Mooring recognises what it owns. */
public final class MooringLabels {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGER = "mooring";
  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String APP = "mooring.io/app";

  /** Set on PVCs and credential Secrets that outlived their spec and were kept on purpose. */
  public static final String RETAINED = "mooring.io/retained";

  public static final String REVISION_ANNOTATION = "mooring.io/revision";
  public static final String CONFIG_HASH_ANNOTATION = "mooring.io/config-hash";

  /**
   * On Secrets: comma-separated keys whose values Mooring generated. Those values are created once
   * and never rewritten by later syncs; the planner reads this annotation.
   */
  public static final String GENERATED_KEYS_ANNOTATION = "mooring.io/generated-keys";

  /**
   * On Secrets: {@code "true"} when the Secret holds credentials derived from generated ones (the
   * connection Secret). Such a Secret is retained with the app's generated credentials when its
   * spec is removed, but its values are rendered from the live ones rather than kept.
   */
  public static final String CREDENTIALS_ANNOTATION = "mooring.io/credentials";

  private MooringLabels() {}

  /** Labels for every object of the app's {@code component}. */
  public static Map<String, String> forComponent(AppRef app, String component) {
    Map<String, String> labels = new LinkedHashMap<>(selector(app, component));
    labels.put(MANAGED_BY, MANAGER);
    labels.put(APP, app.labelValue());
    return labels;
  }

  /**
   * The subset that selects pods. It never changes for the life of an app, because a StatefulSet's
   * selector is immutable: it must not include anything derived from the spec's contents.
   */
  public static Map<String, String> selector(AppRef app, String component) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, app.kind().id());
    labels.put(INSTANCE, app.name());
    labels.put(COMPONENT, component);
    return labels;
  }
}
