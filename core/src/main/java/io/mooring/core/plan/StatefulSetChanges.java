package io.mooring.core.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.diff.FieldDrift;
import io.mooring.core.diff.ObjectDiff;
import io.mooring.core.diff.ObjectKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Rule 5: a StatefulSet's {@code selector}, {@code serviceName} and {@code volumeClaimTemplates}
 * cannot be updated in place. A larger volume is reached by growing each existing claim and
 * recreating the StatefulSet object with orphaned pods; so is a new claim template (NATS: JetStream
 * or a resolver turned on later), whose claims the controller makes as it rolls the pods onto the
 * new template, leaving every existing claim as it is. Dropping a template, which would leave the
 * new pods without the data on its claims, and everything else that would need the set deleted are
 * refused.
 */
final class StatefulSetChanges {
  private static final String TEMPLATES = "spec.volumeClaimTemplates";
  private static final String STORAGE_SUFFIX = ".spec.resources.requests.storage";

  private StatefulSetChanges() {}

  static List<ObjectAction> plan(
      StatefulSet desired, StatefulSet live, ObjectDiff diff, List<HasMetadata> appLive) {
    if (diff.inSync()) {
      return List.of(new ObjectAction.InSync(diff.key()));
    }
    List<String> refusals = new ArrayList<>();
    Set<String> added = new TreeSet<>(templateNames(desired));
    added.removeAll(templateNames(live));
    Set<String> dropped = new TreeSet<>(templateNames(live));
    dropped.removeAll(templateNames(desired));
    if (!dropped.isEmpty()) {
      refusals.add(
          "volume claim template(s) "
              + dropped
              + " of StatefulSet "
              + diff.key().name()
              + " would be dropped: new pods would start without the data on those claims (kept,"
              + " not deleted), which Mooring does not do on its own");
    }
    for (FieldDrift drift : diff.drifts()) {
      String path = drift.path();
      if (path.startsWith("spec.selector") || path.startsWith("spec.serviceName")) {
        refusals.add(
            path
                + " is immutable (desired "
                + drift.desired()
                + ", live "
                + drift.live()
                + "): it would need the StatefulSet deleted, which Mooring does not do on its own");
      } else if (path.startsWith(TEMPLATES)
          && !path.endsWith(STORAGE_SUFFIX)
          && !isAddition(path, added)) {
        refusals.add(
            path
                + " of a volume claim template cannot change (desired "
                + drift.desired()
                + ", live "
                + drift.live()
                + ")");
      }
    }
    refusals.addAll(RedisDowngrade.refusals(desired, live));
    Map<String, Quantity> grown = new LinkedHashMap<>();
    Map<String, Quantity> liveSizes = sizes(live);
    sizes(desired)
        .forEach(
            (template, size) -> {
              Quantity current = liveSizes.get(template);
              if (current == null) {
                return;
              }
              int order =
                  Quantity.getAmountInBytes(size).compareTo(Quantity.getAmountInBytes(current));
              if (order > 0) {
                grown.put(template, size);
              } else if (order < 0) {
                refusals.add(
                    "shrinking volume '"
                        + template
                        + "' of StatefulSet "
                        + diff.key().name()
                        + " from "
                        + current
                        + " to "
                        + size
                        + " is refused: a PersistentVolumeClaim cannot shrink and the data may not fit");
              }
            });
    if (!refusals.isEmpty()) {
      return List.of(new ObjectAction.Blocked(diff.key(), String.join("; ", refusals)));
    }
    if (grown.isEmpty() && added.isEmpty()) {
      return List.of(new ObjectAction.Update(desired, diff));
    }
    List<ObjectAction> actions = new ArrayList<>();
    grown.forEach(
        (template, size) ->
            claimsOf(template, desired, appLive).stream()
                .filter(claim -> smaller(claim, size))
                .forEach(claim -> actions.add(new ObjectAction.ExpandVolume(claim, size))));
    actions.add(new ObjectAction.Recreate(desired, diff));
    return actions;
  }

  /** A drift that only adds a template: the whole list where there was none, or a new item. */
  private static boolean isAddition(String path, Set<String> added) {
    if (added.isEmpty()) {
      return false;
    }
    if (path.equals(TEMPLATES)) {
      return true;
    }
    return added.stream()
        .anyMatch(name -> path.startsWith(TEMPLATES + "[metadata.name=" + name + "]"));
  }

  private static Set<String> templateNames(StatefulSet set) {
    Set<String> names = new TreeSet<>();
    if (set.getSpec() != null && set.getSpec().getVolumeClaimTemplates() != null) {
      set.getSpec()
          .getVolumeClaimTemplates()
          .forEach(template -> names.add(template.getMetadata().getName()));
    }
    return names;
  }

  private static Map<String, Quantity> sizes(StatefulSet set) {
    Map<String, Quantity> sizes = new LinkedHashMap<>();
    if (set.getSpec() == null || set.getSpec().getVolumeClaimTemplates() == null) {
      return sizes;
    }
    for (PersistentVolumeClaim template : set.getSpec().getVolumeClaimTemplates()) {
      Quantity size = storageOf(template);
      if (size != null) {
        sizes.put(template.getMetadata().getName(), size);
      }
    }
    return sizes;
  }

  /** Claims made from a template are named {@code <template>-<statefulset>-<ordinal>}. */
  private static List<HasMetadata> claimsOf(
      String template, StatefulSet set, List<HasMetadata> appLive) {
    Pattern name =
        Pattern.compile(Pattern.quote(template + "-" + set.getMetadata().getName() + "-") + "\\d+");
    ObjectKey setKey = ObjectKey.of(set);
    return appLive.stream()
        .filter(PersistentVolumeClaim.class::isInstance)
        .filter(claim -> Objects.equals(claim.getMetadata().getNamespace(), setKey.namespace()))
        .filter(claim -> name.matcher(claim.getMetadata().getName()).matches())
        .toList();
  }

  private static boolean smaller(HasMetadata claim, Quantity size) {
    Quantity current = storageOf((PersistentVolumeClaim) claim);
    return current == null
        || Quantity.getAmountInBytes(current).compareTo(Quantity.getAmountInBytes(size)) < 0;
  }

  private static Quantity storageOf(PersistentVolumeClaim claim) {
    if (claim.getSpec() == null
        || claim.getSpec().getResources() == null
        || claim.getSpec().getResources().getRequests() == null) {
      return null;
    }
    return claim.getSpec().getResources().getRequests().get("storage");
  }
}
