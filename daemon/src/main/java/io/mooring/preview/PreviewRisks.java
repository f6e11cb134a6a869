package io.mooring.preview;

import io.mooring.core.diff.FieldDrift;
import io.mooring.core.diff.ObjectDiff;
import io.mooring.core.plan.ObjectAction;
import io.mooring.core.reconcile.AppResult;
import io.mooring.core.spec.AppKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The risks a data-service user weighs before merging, read from the actions the planner chose for
 * an app: pods that restart, volumes that grow or may not shrink, data and credentials kept or
 * deleted, servers leaving (NATS peers removed from the meta group, Redis replicas), and what the
 * safety rules refused or held back. Only what the plan itself knows; nothing is guessed.
 */
public final class PreviewRisks {
  private static final Set<String> WORKLOADS = Set.of("StatefulSet", "Deployment");
  private static final Set<String> DATA = Set.of("PersistentVolumeClaim");

  private PreviewRisks() {}

  public static AppPreview of(AppResult result) {
    List<String> create = new ArrayList<>();
    List<String> update = new ArrayList<>();
    List<String> prune = new ArrayList<>();
    List<String> retain = new ArrayList<>();
    List<String> risks = new ArrayList<>();
    for (ObjectAction action : result.changes()) {
      String key = action.key().kind() + "/" + action.key().name();
      if (action instanceof ObjectAction.Create) {
        create.add(key);
      } else if (action instanceof ObjectAction.Update u) {
        update.add(key);
        risks.addAll(updateRisks(result, u.diff()));
      } else if (action instanceof ObjectAction.Recreate r) {
        update.add(key);
        risks.add(
            key
                + " is recreated with its pods kept running (a claim template changed);"
                + " existing volumes are grown one by one");
        risks.addAll(updateRisks(result, r.diff()));
      } else if (action instanceof ObjectAction.ExpandVolume e) {
        update.add(key);
        risks.add("volume grows: " + key + " to " + e.size());
      } else if (action instanceof ObjectAction.Prune) {
        prune.add(key);
        if (DATA.contains(action.key().kind())) {
          risks.add("data deleted: " + key);
        }
      } else if (action instanceof ObjectAction.Retain r) {
        retain.add(key + " (" + r.reason() + ")");
        risks.add(
            (DATA.contains(action.key().kind()) ? "data kept: " : "kept: ")
                + key
                + " stays after its spec is gone");
      } else if (action instanceof ObjectAction.Blocked b) {
        risks.add("refused: " + key + ": " + b.reason());
      }
    }
    List<String> errors = new ArrayList<>();
    String outcome;
    if (result instanceof AppResult.Invalid invalid) {
      outcome = "invalid";
      errors.addAll(invalid.errors());
    } else if (result instanceof AppResult.Blocked blocked) {
      outcome = "blocked";
      if (blocked.pruneHeld() && !blocked.reasons().isEmpty()) {
        risks.add("prune held back: " + blocked.reasons().get(0));
      }
    } else if (result instanceof AppResult.Failed failed) {
      outcome = "error";
      errors.add(failed.error());
    } else if (result instanceof AppResult.InternalFailure failure) {
      outcome = "error";
      errors.add(failure.error());
    } else {
      outcome = result.changes().isEmpty() ? "no change" : "changes";
    }
    return new AppPreview(
        result.app().toString(), outcome, create, update, prune, retain, risks, errors);
  }

  private static List<String> updateRisks(AppResult result, ObjectDiff diff) {
    List<String> risks = new ArrayList<>();
    String key = diff.key().kind() + "/" + diff.key().name();
    if (!WORKLOADS.contains(diff.key().kind())) {
      return risks;
    }
    if (diff.drifts().stream().anyMatch(d -> d.path().startsWith("spec.template"))) {
      risks.add("pods restart: " + key + " rolls its pods one by one");
    }
    for (FieldDrift drift : diff.drifts()) {
      if (!drift.path().equals("spec.replicas")) {
        continue;
      }
      Integer desired = number(drift.desired());
      Integer live = number(drift.live());
      if (desired != null && live != null && desired < live) {
        risks.add(
            (result.app().kind() == AppKind.NATS
                ? "NATS peers removed: "
                    + key
                    + " "
                    + live
                    + " → "
                    + desired
                    + " (the departing servers leave the JetStream meta group)"
                : "servers removed: " + key + " " + live + " → " + desired));
      }
    }
    return risks;
  }

  private static Integer number(String text) {
    try {
      return text == null ? null : Integer.valueOf(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
