package io.mooring.core.nats;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.reconcile.ScaleDownHook;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.render.nats.NatsNames;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppRef;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the servers a NATS app's scale-down stopped from its JetStream meta group, logged in as
 * the system account's user with the password of the live credentials Secret (the one the servers
 * run with, which may predate the current render), or in operator mode with the creds file of the
 * live operator Secret.
 */
public final class NatsPeerRemoval implements ScaleDownHook {
  private static final Logger LOG = LoggerFactory.getLogger(NatsPeerRemoval.class);

  private final Function<ObjectKey, HasMetadata> liveObjects;
  private final Function<AppRef, String> clientUrl;
  private final Duration timeout;

  /**
   * @param liveObjects the live object with a key, or null (the cluster cache's {@code get})
   * @param clientUrl where the app's servers take clients, e.g. {@link #inCluster(String)}
   * @param timeout bound of the connect and of each request
   */
  public NatsPeerRemoval(
      Function<ObjectKey, HasMetadata> liveObjects,
      Function<AppRef, String> clientUrl,
      Duration timeout) {
    this.liveObjects = liveObjects;
    this.clientUrl = clientUrl;
    this.timeout = timeout;
  }

  /**
   * The app's client Service by its cluster DNS name, as Mooring running in the cluster reaches it.
   */
  public static Function<AppRef, String> inCluster(String clusterDomain) {
    return app -> new NatsNames(app, clusterDomain).clientUrl();
  }

  @Override
  public void serversLeft(AppRef app, List<String> servers) {
    if (app.kind() != AppKind.NATS) {
      throw new IllegalArgumentException(
          app + " is not a NATS app; only NATS servers keep a meta group");
    }
    String url = clientUrl.apply(app);
    try (JetStreamPeers peers = login(app, url)) {
      List<String> removed = peers.remove(servers);
      LOG.info(
          "{}: removed {} from the JetStream meta group (requested {})", app, removed, servers);
    }
  }

  private JetStreamPeers login(AppRef app, String url) {
    byte[] creds = systemCreds(app);
    Options.Builder login =
        creds != null
            ? new Options.Builder().authHandler(Nats.staticCredentials(creds))
            : new Options.Builder().userInfo(NatsNames.SYSTEM_USER, systemPassword(app));
    NatsClientTls.apply(app, liveObjects, login);
    String who = creds != null ? "with the system user's creds" : "as " + NatsNames.SYSTEM_USER;
    return JetStreamPeers.connect(url, login, who, timeout);
  }

  /**
   * The system user's creds file when the app runs in operator mode, else null. An operator Secret
   * kept after the app left operator mode is labelled retained, and its creds no longer log in.
   */
  private byte[] systemCreds(AppRef app) {
    ObjectKey key =
        new ObjectKey("Secret", app.namespace(), new NatsNames(app, "").operatorSecret());
    if (!(liveObjects.apply(key) instanceof Secret secret) || secret.getData() == null) {
      return null;
    }
    Map<String, String> labels = secret.getMetadata().getLabels();
    if (labels != null && "true".equals(labels.get(MooringLabels.RETAINED))) {
      return null;
    }
    String encoded = secret.getData().get(NatsNames.SYSTEM_CREDS_KEY);
    return encoded == null ? null : Base64.getDecoder().decode(encoded);
  }

  private String systemPassword(AppRef app) {
    // The cluster domain plays no part in the Secret's name.
    ObjectKey key =
        new ObjectKey("Secret", app.namespace(), new NatsNames(app, "").credentialsSecret());
    if (!(liveObjects.apply(key) instanceof Secret secret)) {
      throw new JetStreamPeersException(
          key + " does not exist: the system user's password is unknown");
    }
    String encoded = secret.getData() == null ? null : secret.getData().get(NatsNames.SYSTEM_USER);
    if (encoded == null) {
      throw new JetStreamPeersException(
          key + " has no key " + NatsNames.SYSTEM_USER + " (the system user's password)");
    }
    return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
  }
}
