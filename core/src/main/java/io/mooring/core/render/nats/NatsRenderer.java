package io.mooring.core.render.nats;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.render.common.ApplyOrder;
import io.mooring.core.render.common.ConnectionSecretModel;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.DisruptionBudgets;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.NatsSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders a NATS app: credentials Secret, connection Secret (in operator mode also the operator
 * Secret and a Secret per user; with TLS the namespace CA and the certificate Secret), nats.conf
 * ConfigMap, headless and client Services, the StatefulSet and its PodDisruptionBudget. Pure: the
 * same spec, options, password source and live Secrets give the same objects.
 */
public final class NatsRenderer {
  private NatsRenderer() {}

  /** Renders with nothing live, as for a first sync or without a cluster. */
  public static DesiredState render(NatsSpec spec, RenderOptions options) {
    return render(spec, options, LiveSecrets.NONE);
  }

  /**
   * Renders the app's objects in apply order.
   *
   * @param live the app's Secrets in the cluster: generated passwords and NKeys found there are
   *     reused, and the JWTs and routes file are derived from them; the live CA signs and a live
   *     certificate is kept while it is good
   * @throws NatsRenderException when the spec cannot be rendered safely (see {@link
   *     NatsConfigMerge})
   */
  public static DesiredState render(NatsSpec spec, RenderOptions options, LiveSecrets live) {
    if (spec.replicas() < 1) {
      throw new NatsRenderException(
          spec.source(), "spec.replicas", "must be at least 1, was " + spec.replicas());
    }
    NatsNames names = new NatsNames(spec.ref(), options.clusterDomain());
    NatsCredentials credentials = NatsCredentials.of(spec, names, options.passwords(), live);
    NatsOperatorModel operator =
        spec.operatorMode() ? new NatsOperatorModel(spec, names, live, options.passwords()) : null;
    NatsConfigModel config = new NatsConfigModel(spec, names, credentials, operator);

    List<HasMetadata> objects = new ArrayList<>();
    Secret credentialsSecret = new NatsCredentialsModel(spec, names, credentials).generateSecret();
    if (credentialsSecret != null) {
      objects.add(credentialsSecret);
    }
    NatsTlsModel tls =
        spec.tlsEnabled()
            ? new NatsTlsModel(spec, names, options.clusterDomain(), live, options.clock())
            : null;
    if (tls != null) {
      objects.addAll(tls.secrets());
    }
    connectionSecret(spec, names, credentials, tls).ifPresent(objects::add);
    if (operator != null) {
      objects.add(operator.generateOperatorSecret());
      objects.addAll(operator.generateUserSecrets());
    }
    objects.add(config.generateConfigMap());
    NatsServiceModel services = new NatsServiceModel(spec, names);
    objects.add(services.generateHeadlessService());
    objects.add(services.generateClientService());
    objects.add(
        new NatsClusterModel(spec, names, credentials, options.images(), config.hash())
            .generateStatefulSet());
    objects.add(
        DisruptionBudgets.oneAtATime(
            NatsMetadata.of(spec, names.disruptionBudget()),
            MooringLabels.selector(spec.ref(), NatsNames.COMPONENT)));
    objects.sort(ApplyOrder.COMPARATOR);
    return new DesiredState(spec.ref(), objects);
  }

  /**
   * The client Service's address with the spec's first user and its password (given, live or
   * generated); without users, or in operator mode (where users log in with creds files), no login.
   */
  private static Optional<Secret> connectionSecret(
      NatsSpec spec, NatsNames names, NatsCredentials credentials, NatsTlsModel tls) {
    NatsCredentials.Login first = credentials.users().isEmpty() ? null : credentials.users().get(0);
    return new ConnectionSecretModel(
            spec.connectionSecret(),
            NatsMetadata.of(spec, spec.connectionSecret().name()),
            "nats",
            names.clientHost(),
            NatsPorts.CLIENT,
            first == null ? "" : first.user(),
            first == null ? "" : first.password(),
            tls != null,
            tls == null ? "" : tls.caPem())
        .generate();
  }
}
