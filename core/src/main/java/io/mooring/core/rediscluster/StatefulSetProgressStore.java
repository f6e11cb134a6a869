package io.mooring.core.rediscluster;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mooring.core.kube.Applier;
import io.mooring.core.spec.AppRef;
import java.util.Map;
import java.util.function.Function;

/**
 * Keeps the progress as an annotation on the app's first shard StatefulSet, as the NATS departure
 * record is kept: it lives exactly as long as the cluster, and every Mooring replica reads the same
 * one. Written with a merge patch of this one key, so the server-side apply of the rendered
 * StatefulSet (which does not carry it) leaves it alone.
 */
public final class StatefulSetProgressStore implements ProgressStore {
  public static final String ANNOTATION = "mooring.io/redis-cluster-progress";

  private final KubernetesClient client;
  private final Applier applier;
  private final Function<AppRef, String> firstShard;

  /**
   * @param firstShard the name of the app's first shard StatefulSet, e.g. {@code <app>-shard-0}
   */
  public StatefulSetProgressStore(
      KubernetesClient client, Applier applier, Function<AppRef, String> firstShard) {
    this.client = client;
    this.applier = applier;
    this.firstShard = firstShard;
  }

  @Override
  public ClusterProgress load(AppRef app) {
    StatefulSet set = find(app);
    Map<String, String> annotations = set == null ? null : set.getMetadata().getAnnotations();
    return ClusterProgress.fromJson(annotations == null ? null : annotations.get(ANNOTATION));
  }

  @Override
  public void save(AppRef app, ClusterProgress progress) {
    StatefulSet set = find(app);
    if (set == null) {
      throw new IllegalStateException(
          "StatefulSet " + app.namespace() + "/" + firstShard.apply(app) + " does not exist");
    }
    applier.annotate(set, ANNOTATION, progress.toJson());
  }

  private StatefulSet find(AppRef app) {
    return client
        .apps()
        .statefulSets()
        .inNamespace(app.namespace())
        .withName(firstShard.apply(app))
        .get();
  }
}
