package io.mooring.core.render.nats;

import io.mooring.core.render.common.ConfigHash;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.NatsLoginRules;
import java.util.Locale;
import java.util.regex.Pattern;

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
  public static final String SYSTEM_USER = NatsLoginRules.SYSTEM_USER;

  /** The login of the routes between an app's pods (see {@link NatsRouteAuth}). */
  public static final String ROUTE_USER = NatsLoginRules.ROUTE_USER;

  /**
   * The user that clients without credentials become when the spec has no users; it has no
   * password, so the server asks none.
   */
  public static final String ANONYMOUS_USER = NatsLoginRules.ANONYMOUS_USER;

  /** Key of the system user's creds file in the operator Secret, for peer removal. */
  public static final String SYSTEM_CREDS_KEY = SYSTEM_USER + ".creds";

  /** Key of a user's creds file in its Secret. */
  public static final String USER_CREDS_KEY = "user.creds";

  private static final Pattern OBJECT_NAME_SAFE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

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
    return "nats://" + clientHost() + ":" + NatsPorts.CLIENT;
  }

  /** The client Service's DNS name. */
  public String clientHost() {
    return clientService() + "." + app.namespace() + ".svc." + clusterDomain;
  }

  public String configMap() {
    return app.name() + "-nats-config";
  }

  public String credentialsSecret() {
    return app.name() + "-nats-credentials";
  }

  /** Operator mode: the operator's and the accounts' NKeys and JWTs. */
  public String operatorSecret() {
    return app.name() + "-nats-operator";
  }

  /**
   * Operator mode: a user's creds file. A user name that is not a plain object name as it stands
   * (upper case, '_', '.') is lower-cased, those characters made '-', and a short digest of the
   * original appended, so that "Ops_1" and "ops-1" keep apart.
   */
  public String userSecret(String user) {
    String prefix = app.name() + "-nats-user-";
    if (OBJECT_NAME_SAFE.matcher(user).matches()) {
      return prefix + user;
    }
    String cleaned = user.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "-");
    return prefix + cleaned + "-" + ConfigHash.sha1Hex(user).substring(0, 6);
  }

  /** With TLS: the server certificate, its key and the CA, mounted by every pod. */
  public String tlsSecret() {
    return app.name() + "-nats-tls";
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
