package io.mooring.core.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.spec.AppRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Redis Cluster shard whose StatefulSet left the rendered objects (a scale-in) still holds hash
 * slots and cluster membership until the cluster actions have moved its slots and made every node
 * forget it. Deleting the StatefulSet first would lose that shard's slots, so its prune is taken
 * out of the plan and carried out only once its pods are let go.
 */
public final class LeavingShards {
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");

  private LeavingShards() {}

  /**
   * What {@link #hold} leaves: the plan to carry out, and the prunes that wait.
   *
   * @param plan the plan without the held prunes
   * @param leaving the shard StatefulSets whose prune waits for the cluster
   */
  public record Held(AppPlan plan, List<StatefulSet> leaving) {
    public Held {
      leaving = List.copyOf(leaving);
    }
  }

  /** Takes the prunes of the app's shard StatefulSets ({@code <app>-shard-<i>}) out of the plan. */
  public static Held hold(AppPlan plan) {
    List<ObjectAction> kept = new ArrayList<>();
    List<StatefulSet> leaving = new ArrayList<>();
    for (ObjectAction action : plan.actions()) {
      if (action instanceof ObjectAction.Prune prune
          && prune.live() instanceof StatefulSet set
          && isShard(plan.app(), set)) {
        leaving.add(set);
      } else {
        kept.add(action);
      }
    }
    if (leaving.isEmpty()) {
      return new Held(plan, List.of());
    }
    return new Held(new AppPlan(plan.app(), plan.state(), kept, plan.heldReason()), leaving);
  }

  /** The shard number of one of the app's shard StatefulSets, or -1 for any other object. */
  public static int shardOf(AppRef app, HasMetadata object) {
    if (!(object instanceof StatefulSet)) {
      return -1;
    }
    String name = object.getMetadata().getName();
    String prefix = app.name() + "-shard-";
    if (name == null || !name.startsWith(prefix)) {
      return -1;
    }
    String rest = name.substring(prefix.length());
    return DIGITS.matcher(rest).matches() && rest.length() <= 4 ? Integer.parseInt(rest) : -1;
  }

  /** True when the cluster has let every pod of the set go: the set may be deleted. */
  public static boolean released(StatefulSet set, Collection<String> podsMayGo) {
    int replicas =
        set.getSpec() == null || set.getSpec().getReplicas() == null
            ? 1
            : set.getSpec().getReplicas();
    for (int ordinal = 0; ordinal < replicas; ordinal++) {
      if (!podsMayGo.contains(set.getMetadata().getName() + "-" + ordinal)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isShard(AppRef app, StatefulSet set) {
    return shardOf(app, set) >= 0;
  }
}
