package io.mooring.core.render.nats;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecretProjectionBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.VolumeProjectionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.mooring.core.render.common.AppImages;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.render.common.SoftAntiAffinity;
import io.mooring.core.spec.ComputeResources;
import io.mooring.core.spec.NatsSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The NATS StatefulSet: one nats-server per pod, all reading the same nats.conf. */
final class NatsClusterModel {
  static final long TERMINATION_GRACE_SECONDS = 60;

  /**
   * The nats image's nats-server needs no root: its ports are above 1024 and it writes only to its
   * volume and the pid directory. fsGroup makes the volume writable for this user.
   */
  static final long NATS_UID = 1000;

  /** The resolver's own volume when JetStream is off; account JWTs are a few kilobytes each. */
  static final String RESOLVER_VOLUME = "resolver";

  static final String RESOLVER_VOLUME_SIZE = "1Gi";
  static final String CONTAINER = "nats";
  private static final String CONFIG_VOLUME = "config";
  private static final String PID_VOLUME = "pid";
  private static final String SECRET_VOLUME = "secrets";
  private static final String TLS_VOLUME = "tls";

  private final NatsSpec spec;
  private final NatsNames names;
  private final NatsCredentials credentials;
  private final AppImages images;
  private final String configHash;

  NatsClusterModel(
      NatsSpec spec,
      NatsNames names,
      NatsCredentials credentials,
      AppImages images,
      String configHash) {
    this.spec = spec;
    this.names = names;
    this.credentials = credentials;
    this.images = images;
    this.configHash = configHash;
  }

  /**
   * Parallel pod management, because a JetStream cluster needs a majority of its peers up before
   * any of them turns ready: OrderedReady would wait on pod 0 forever. Claims are retained on
   * delete and on scale-down, because JetStream data must outlive both.
   */
  StatefulSet generateStatefulSet() {
    Map<String, String> labels = MooringLabels.forComponent(spec.ref(), NatsNames.COMPONENT);
    return new StatefulSetBuilder()
        .withMetadata(NatsMetadata.of(spec, names.statefulSet()))
        .withNewSpec()
        .withServiceName(names.headlessService())
        .withReplicas(spec.replicas())
        .withPodManagementPolicy("Parallel")
        .withNewSelector()
        .withMatchLabels(MooringLabels.selector(spec.ref(), NatsNames.COMPONENT))
        .endSelector()
        .withNewPersistentVolumeClaimRetentionPolicy()
        .withWhenDeleted("Retain")
        .withWhenScaled("Retain")
        .endPersistentVolumeClaimRetentionPolicy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .withAnnotations(Map.of(MooringLabels.CONFIG_HASH_ANNOTATION, configHash))
        .endMetadata()
        .withNewSpec()
        .withTerminationGracePeriodSeconds(TERMINATION_GRACE_SECONDS)
        .withImagePullSecrets(images.pullSecretReferences())
        // Spread over nodes where the cluster can: two servers on one node fall together.
        .withAffinity(
            SoftAntiAffinity.onHostname(MooringLabels.selector(spec.ref(), NatsNames.COMPONENT)))
        .withSecurityContext(podSecurity())
        .withContainers(container(), NatsExporterSidecar.container(images.natsExporter()))
        .withVolumes(volumes())
        .endSpec()
        .endTemplate()
        .withVolumeClaimTemplates(claimTemplates())
        .endSpec()
        .build();
  }

  private Container container() {
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(images.nats().reference())
        .withCommand(command())
        .withPorts(
            containerPort(NatsPorts.CLIENT_NAME, NatsPorts.CLIENT),
            containerPort(NatsPorts.CLUSTER_NAME, NatsPorts.CLUSTER),
            containerPort(NatsPorts.MONITOR_NAME, NatsPorts.MONITOR))
        .withEnv(env())
        .withSecurityContext(containerSecurity())
        .withResources(resources(spec.resources()))
        .withVolumeMounts(volumeMounts())
        // A JetStream peer can take minutes to catch up on its streams before /healthz answers.
        .withStartupProbe(probe("/healthz", 10, 90))
        .withReadinessProbe(probe("/healthz?js-server-only=true", 10, 3))
        .withLivenessProbe(probe("/healthz?js-enabled-only=true", 30, 3))
        .withNewLifecycle()
        .withNewPreStop()
        .withNewExec()
        .withCommand("/bin/sh", "-c", preStopScript())
        .endExec()
        .endPreStop()
        .endLifecycle()
        .build();
  }

  private List<String> command() {
    String config = NatsConfigModel.CONFIG_DIR + "/" + NatsConfigModel.CONFIG_KEY;
    return spec.tlsEnabled()
        ? NatsTlsReload.command(config)
        : List.of("nats-server", "--config", config);
  }

  /**
   * Lame duck hands stream leadership to other peers and spreads client reconnects before the
   * server exits by itself. The signal is asynchronous: the kubelet's SIGTERM right after a preStop
   * that returned at once could arrive before the server entered lame duck and stop it on the spot
   * (seen on nats-server 2.9.10). So the hook then waits; the kubelet ends it when the server exits
   * or the grace period is over. Once in lame duck, nats-server ignores SIGTERM.
   */
  static String preStopScript() {
    return "nats-server --signal ldm="
        + NatsConfigModel.PID_FILE
        + " && sleep "
        + TERMINATION_GRACE_SECONDS;
  }

  private static PodSecurityContext podSecurity() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(NATS_UID)
        .withRunAsGroup(NATS_UID)
        .withFsGroup(NATS_UID)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  private static SecurityContext containerSecurity() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .build();
  }

  private List<EnvVar> env() {
    List<EnvVar> env = new ArrayList<>();
    env.add(
        new EnvVarBuilder()
            .withName(NatsConfigModel.POD_NAME_ENV)
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.name")
            .endFieldRef()
            .endValueFrom()
            .build());
    long goMemLimit = NatsMemory.goMemLimitBytes(spec.resources().memoryLimit());
    env.add(
        new EnvVarBuilder().withName("GOMEMLIMIT").withValue(Long.toString(goMemLimit)).build());
    for (NatsCredentials.Login login : credentials.all()) {
      env.add(
          new EnvVarBuilder()
              .withName(login.envVar())
              .withNewValueFrom()
              .withNewSecretKeyRef()
              .withName(names.credentialsSecret())
              .withKey(login.secretKey())
              .endSecretKeyRef()
              .endValueFrom()
              .build());
    }
    return env;
  }

  private static ResourceRequirements resources(ComputeResources resources) {
    return new ResourceRequirementsBuilder()
        .addToRequests("cpu", resources.cpuRequest())
        .addToRequests("memory", resources.memoryRequest())
        .addToLimits("cpu", resources.cpuLimit())
        .addToLimits("memory", resources.memoryLimit())
        .build();
  }

  private List<VolumeMount> volumeMounts() {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(mount(CONFIG_VOLUME, NatsConfigModel.CONFIG_DIR));
    mounts.add(mount(PID_VOLUME, NatsConfigModel.PID_DIR));
    if (!secretFiles().isEmpty()) {
      mounts.add(
          new VolumeMountBuilder()
              .withName(SECRET_VOLUME)
              .withMountPath(NatsConfigModel.SECRET_DIR)
              .withReadOnly(true)
              .build());
    }
    if (spec.tlsEnabled()) {
      mounts.add(
          new VolumeMountBuilder()
              .withName(TLS_VOLUME)
              .withMountPath(NatsConfigModel.TLS_DIR)
              .withReadOnly(true)
              .build());
    }
    String dataVolume = dataVolume();
    if (dataVolume != null) {
      mounts.add(mount(dataVolume, NatsConfigModel.STORE_DIR));
    }
    return mounts;
  }

  /**
   * The claim template mounted at the data directory: JetStream's store, which also holds the
   * resolver's directory in operator mode; or the resolver's own without JetStream; or none.
   */
  private String dataVolume() {
    if (spec.jetstream().enabled()) {
      return NatsNames.JETSTREAM_VOLUME;
    }
    return spec.operatorMode() ? RESOLVER_VOLUME : null;
  }

  private List<Volume> volumes() {
    List<Volume> volumes = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName(CONFIG_VOLUME)
            .withNewConfigMap()
            .withName(names.configMap())
            .endConfigMap()
            .build());
    // The pid file lives where both the server and the preStop hook can see it.
    volumes.add(new VolumeBuilder().withName(PID_VOLUME).withNewEmptyDir().endEmptyDir().build());
    List<VolumeProjection> files = secretFiles();
    if (!files.isEmpty()) {
      volumes.add(
          new VolumeBuilder()
              .withName(SECRET_VOLUME)
              .withNewProjected()
              .withSources(files)
              .endProjected()
              .build());
    }
    if (spec.tlsEnabled()) {
      // A whole-Secret volume, never a subPath: the kubelet then rewrites the files in place when
      // the certificate is renewed, and the server reloads them (see NatsTlsReload).
      volumes.add(
          new VolumeBuilder()
              .withName(TLS_VOLUME)
              .withNewSecret()
              .withSecretName(names.tlsSecret())
              .endSecret()
              .build());
    }
    return volumes;
  }

  /** The files nats.conf includes, each from its Secret (see {@link NatsInclude}). */
  private List<VolumeProjection> secretFiles() {
    List<VolumeProjection> files = new ArrayList<>();
    if (credentials.routes() != null) {
      files.add(secretFile(names.credentialsSecret(), NatsRouteAuth.FILE_KEY));
    }
    if (spec.operatorMode()) {
      files.add(secretFile(names.operatorSecret(), NatsOperatorModel.OPERATOR_CONF));
    }
    return files;
  }

  private static VolumeProjection secretFile(String secret, String key) {
    return new VolumeProjectionBuilder()
        .withSecret(
            new SecretProjectionBuilder()
                .withName(secret)
                .addNewItem()
                .withKey(key)
                .withPath(key)
                .endItem()
                .build())
        .build();
  }

  private List<PersistentVolumeClaim> claimTemplates() {
    String dataVolume = dataVolume();
    if (dataVolume == null) {
      return List.of();
    }
    Quantity size =
        spec.jetstream().enabled() ? spec.jetstream().size() : new Quantity(RESOLVER_VOLUME_SIZE);
    return List.of(
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName(dataVolume)
            .withLabels(MooringLabels.forComponent(spec.ref(), NatsNames.COMPONENT))
            .endMetadata()
            .withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withNewResources()
            .addToRequests("storage", new Quantity(size.getAmount(), size.getFormat()))
            .endResources()
            // Null leaves the field out: the cluster's default storage class.
            .withStorageClassName(spec.hasStorageClass() ? spec.storageClass() : null)
            .endSpec()
            .build());
  }

  private static Probe probe(String path, int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString(NatsPorts.MONITOR_NAME))
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withTimeoutSeconds(5)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  private static ContainerPort containerPort(String name, int number) {
    return new ContainerPortBuilder()
        .withName(name)
        .withContainerPort(number)
        .withProtocol("TCP")
        .build();
  }

  private static VolumeMount mount(String volume, String path) {
    return new VolumeMountBuilder().withName(volume).withMountPath(path).build();
  }
}
