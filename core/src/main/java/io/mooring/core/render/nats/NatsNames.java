package io.mooring.core.render.nats;

import io.mooring.core.spec.AppRef;

/**
 * Every name derived from a NATS app. Kept in one place so that the length budget behind {@code
 * AppKind.NATS.maxNameLength()} can be checked against all of them.
 */
public final class NatsNames {
  /** Value of {@code app.kubernetes.io/component} on every NATS object. */
  public static final String COMPONENT = "nats";

  /**
   * Name of the JetStream volume claim template; PVCs are {@code
   * jetstream-<statefulset>-<ordinal>}.
   */
  public static final String JETSTREAM_VOLUME = "jetstream";

  /**
   * The system account's user, also its key in the credentials Secret. Reserved, because
   * nats-server wants user names unique across accounts.
   */
  public static final String SYSTEM_USER = "mooring-system";

  private final AppRef app;
  private final String clusterDomain;

  public NatsNames(AppRef app, String clusterDomain) {
    this.app = app;
    this.clusterDomain = clusterDomain;
  }

  public String statefulSet() {
    return app.name() + "-nats";
  }

  public String headlessService() {
    return app.name() + "-nats-headless";
  }

  public String clientService() {
    return app.name() + "-nats";
  }

  /**
   * How clients inside the cluster reach the app: its client Service's DNS name and client port.
   */
  public String clientUrl() {
    return "nats://"
        + clientService()
        + "."
        + app.namespace()
        + ".svc."
        + clusterDomain
        + ":"
        + NatsPorts.CLIENT;
  }

  public String configMap() {
    return app.name() + "-nats-config";
  }

  public String credentialsSecret() {
    return app.name() + "-nats-credentials";
  }

  public String disruptionBudget() {
    return app.name() + "-nats";
  }

  /** The NATS cluster name shared by all routes of the app. */
  public String clusterName() {
    return app.name();
  }

  /** Pod name of an ordinal; also its hostname and its {@code server_name}. */
  public String pod(int ordinal) {
    return statefulSet() + "-" + ordinal;
  }

  /**
   * The pod's stable DNS name through the headless Service; it survives rescheduling, unlike pod
   * IPs.
   */
  public String podDnsName(int ordinal) {
    return pod(ordinal) + "." + headlessService() + "." + app.namespace() + ".svc." + clusterDomain;
  }

  /** Name of the JetStream PVC the StatefulSet controller creates for an ordinal. */
  public String jetstreamClaim(int ordinal) {
    return JETSTREAM_VOLUME + "-" + pod(ordinal);
  }
}
