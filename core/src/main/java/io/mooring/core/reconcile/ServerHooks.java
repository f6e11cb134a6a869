package io.mooring.core.reconcile;

/**
 * How the reconciler reaches the servers of the apps it writes, for what the Kubernetes objects
 * alone cannot do. A reconciler outside the cluster (the CLI) has {@link #NONE}: each hook then
 * leaves its work recorded for the daemon.
 *
 * @param scaleDown told which servers left after a StatefulSet was scaled down (NATS: the meta
 *     group)
 * @param roll rolls the pods of {@code OnDelete} StatefulSets (Redis with Sentinels) in order
 * @param serverAssets keeps what the servers hold themselves (NATS: JetStream assets), once the
 *     app's pods are ready
 */
public record ServerHooks(
    ScaleDownHook scaleDown, PodRollHook roll, ServerAssetsHook serverAssets) {

  public static final ServerHooks NONE =
      new ServerHooks(
          ScaleDownHook.NOT_CONFIGURED,
          PodRollHook.NOT_CONFIGURED,
          ServerAssetsHook.NOT_CONFIGURED);

  public ServerHooks withScaleDown(ScaleDownHook hook) {
    return new ServerHooks(hook, roll, serverAssets);
  }

  public ServerHooks withRoll(PodRollHook hook) {
    return new ServerHooks(scaleDown, hook, serverAssets);
  }

  public ServerHooks withServerAssets(ServerAssetsHook hook) {
    return new ServerHooks(scaleDown, roll, hook);
  }
}
