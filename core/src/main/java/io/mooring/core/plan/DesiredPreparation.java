package io.mooring.core.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.AppLifecycle;
import io.mooring.core.spec.AppSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one step between rendering and planning: what the desired objects carry beyond what the spec
 * renders to. Everything that is not a function of the spec alone is added here, in one place, so
 * that the planner compares finished objects and edits none:
 *
 * <ul>
 *   <li>the commit every object was applied from ({@value MooringLabels#REVISION_ANNOTATION});
 *   <li>the data-deletion opt-in of rule 2, copied from the spec onto every object, since the spec
 *       that carried it is gone by the time the app is removed;
 *   <li>rule 4: generated passwords of a Secret that exists keep their live values;
 *   <li>rule 7: a NATS StatefulSet that loses JetStream servers records them, in the same write;
 *   <li>a NATS StatefulSet that turns JetStream on keeps the join's probes until its first roll is
 *       done ({@link JetStreamJoin});
 *   <li>rule 8: the spec's termination protection and orphaning, for the same reason as rule 2
 *       ({@link RemovalPolicy});
 *   <li>rule 9: the spec's apply-now value, on its workloads ({@link MaintenanceDeferral}).
 * </ul>
 *
 * <p>The rendered state is handed over: its objects are made for this one plan, and their metadata
 * is stamped in place.
 *
 * @param revision the commit the spec was read from; null when it was not read from git (the CLI)
 * @param deleteDataOnRemoval the spec's opt-in to delete volumes and credentials once it is removed
 * @param lifecycle the spec's protection and removal policy
 * @param applyNow the spec's {@value MaintenanceDeferral#APPLY_NOW} value, or null
 */
public record DesiredPreparation(
    String revision, boolean deleteDataOnRemoval, AppLifecycle lifecycle, String applyNow) {

  public DesiredPreparation(String revision, boolean deleteDataOnRemoval) {
    this(revision, deleteDataOnRemoval, AppLifecycle.NONE, null);
  }

  /** The preparation of {@code spec}'s objects, read from {@code revision}. */
  public static DesiredPreparation of(AppSpec spec, String revision) {
    return new DesiredPreparation(
        revision,
        "true".equals(spec.annotations().get(AppSpec.DELETE_DATA_ON_REMOVAL)),
        spec.lifecycle(),
        spec.annotations().get(MaintenanceDeferral.APPLY_NOW));
  }

  /**
   * The objects to compare with {@code live} and to apply.
   *
   * @param live the app's live objects, as the cluster cache holds them
   */
  public DesiredState prepare(DesiredState rendered, List<HasMetadata> live) {
    Map<ObjectKey, HasMetadata> liveByKey = new HashMap<>();
    live.forEach(object -> liveByKey.put(ObjectKey.of(object), object));
    List<HasMetadata> prepared = new ArrayList<>();
    for (HasMetadata object : rendered.objects()) {
      HasMetadata current = liveByKey.get(ObjectKey.of(object));
      stamp(object, current);
      if (object instanceof StatefulSet set && current instanceof StatefulSet liveSet) {
        ServerDepartures.record(set, liveSet);
        JetStreamJoin.prepare(set, liveSet);
      }
      prepared.add(current == null ? object : GeneratedSecrets.keepLiveValues(object, current));
    }
    return new DesiredState(rendered.app(), prepared);
  }

  private static boolean isAppOwned(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels != null && labels.containsKey(MooringLabels.APP);
  }

  private void stamp(HasMetadata object, HasMetadata current) {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (object.getMetadata().getAnnotations() != null) {
      annotations.putAll(object.getMetadata().getAnnotations());
    }
    if (revision != null) {
      annotations.put(MooringLabels.REVISION_ANNOTATION, revision);
    }
    // A Secret of the namespace (the CA) outlives any one app: no app's removal policy is its.
    if (isAppOwned(object)) {
      if (deleteDataOnRemoval) {
        annotations.put(AppSpec.DELETE_DATA_ON_REMOVAL, "true");
      }
      RemovalPolicy.stamp(
          lifecycle, annotations, current == null ? null : current.getMetadata().getAnnotations());
    }
    MaintenanceDeferral.stamp(object, applyNow, annotations);
    object.getMetadata().setAnnotations(annotations.isEmpty() ? null : annotations);
  }
}
