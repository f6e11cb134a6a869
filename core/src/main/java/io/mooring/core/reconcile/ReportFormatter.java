package io.mooring.core.reconcile;

import io.mooring.core.diff.FieldDrift;
import io.mooring.core.plan.ObjectAction;
import java.util.Locale;

/**
 * Renders a report as text for a terminal: per app its status, then one line per object to create
 * ({@code +}), update ({@code ~}, with each field as desired → live), prune ({@code -}), retain
 * ({@code =}), orphan ({@code -}), that was refused ({@code !}) or that waits for the app's
 * maintenance window ({@code >}). Secret values are already masked in the diffs.
 */
public final class ReportFormatter {
  private ReportFormatter() {}

  public static String format(ReconcileReport report) {
    StringBuilder out = new StringBuilder();
    for (AppResult result : report.results()) {
      out.append(result.app()).append(": ").append(result.status()).append('\n');
      if (result instanceof AppResult.Invalid invalid) {
        invalid.errors().forEach(error -> line(out, "!", error));
      } else if (result instanceof AppResult.Failed failed) {
        line(out, "!", failed.error());
      } else if (result instanceof AppResult.InternalFailure internal) {
        line(out, "!", internal.error());
      } else if (result instanceof AppResult.Blocked blocked) {
        blocked.reasons().forEach(reason -> line(out, "!", reason));
      } else if (result instanceof AppResult.Waiting waiting) {
        line(out, ">", waiting.message());
      }
      result.changes().forEach(action -> action(out, action));
      if (result instanceof AppResult.Waiting waiting) {
        waiting.deferred().forEach(action -> action(out, action));
      }
    }
    return out.toString();
  }

  private static void action(StringBuilder out, ObjectAction action) {
    if (action instanceof ObjectAction.Create create) {
      line(out, "+", "create " + create.key());
    } else if (action instanceof ObjectAction.Update update) {
      line(out, "~", "update " + update.key());
      update.diff().drifts().forEach(drift -> field(out, drift));
    } else if (action instanceof ObjectAction.Recreate recreate) {
      line(out, "~", "recreate " + recreate.key() + " (pods keep running)");
      recreate.diff().drifts().forEach(drift -> field(out, drift));
    } else if (action instanceof ObjectAction.ExpandVolume expand) {
      line(out, "~", "expand " + expand.key() + " to " + expand.size());
    } else if (action instanceof ObjectAction.Prune prune) {
      line(out, "-", "prune " + prune.key());
    } else if (action instanceof ObjectAction.Retain retain) {
      line(out, "=", "retain " + retain.key() + ": " + retain.reason());
    } else if (action instanceof ObjectAction.ServerAsset asset) {
      String verb = asset.verb().name().toLowerCase(Locale.ROOT);
      line(
          out, asset.verb() == ObjectAction.AssetVerb.DELETE ? "-" : "~", verb + " " + asset.key());
      asset.diff().drifts().forEach(drift -> field(out, drift));
    } else if (action instanceof ObjectAction.Blocked blocked) {
      line(out, "!", "refused " + blocked.key() + ": " + blocked.reason());
    } else if (action instanceof ObjectAction.Orphan orphan) {
      line(out, "-", "orphan " + orphan.key() + " (left running, no longer managed)");
    } else if (action instanceof ObjectAction.Deferred deferred) {
      line(out, ">", "deferred until " + deferred.until() + ":");
      action(out, deferred.change());
    }
  }

  private static void field(StringBuilder out, FieldDrift drift) {
    out.append("      ").append(drift).append('\n');
  }

  private static void line(StringBuilder out, String marker, String text) {
    out.append("  ").append(marker).append(' ').append(text).append('\n');
  }
}
