package io.mooring.core.testing;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.mooring.core.render.common.ApplyOrder;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.render.nats.NatsRenderer;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppLifecycle;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.NatsSpec;
import io.mooring.core.spec.RedisDataSource;
import io.mooring.core.spec.RedisEngine;
import io.mooring.core.spec.RedisPersistence;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.ResourcePreset;
import io.mooring.core.spec.SourceLocation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Hand-built desired states shaped like what the Redis and NATS renderers produce (auth Secret with
 * generated keys, config, headless and client Services, StatefulSet with claim templates, exporter
 * Deployment, PDB), all labelled with {@link MooringLabels#forComponent}. Each call draws a new
 * random password, as a real render does.
 */
public final class SampleApps {
  private SampleApps() {}

  public static RedisSpec redisSpec(String namespace, String name, int replicas, String size) {
    return redisSpec(namespace, name, replicas, size, Map.of());
  }

  public static RedisSpec redisSpec(
      String namespace, String name, int replicas, String size, Map<String, String> annotations) {
    return new RedisSpec(
        new AppRef(AppKind.REDIS, namespace, name),
        SourceLocation.ofFile("apps/" + name + ".yaml"),
        annotations,
        replicas,
        null,
        new Quantity(size),
        null,
        false,
        true,
        AppLifecycle.NONE,
        RedisEngine.DEFAULT,
        RedisPersistence.DEFAULT,
        RedisDataSource.EMPTY);
  }

  public static NatsSpec natsSpec(String namespace, String name, int replicas, String size) {
    return new NatsSpec(
        new AppRef(AppKind.NATS, namespace, name),
        SourceLocation.ofFile("apps/" + name + ".yaml"),
        Map.of(),
        replicas,
        null,
        null,
        false,
        Map.of(),
        new NatsSpec.Jetstream(true, new Quantity(size)),
        Map.of(),
        Map.of());
  }

  /** A NATS app of the nano preset rendered by the real renderer, with or without JetStream. */
  public static DesiredState renderedNats(AppRef app, int replicas, boolean jetstream) {
    NatsSpec spec =
        new NatsSpec(
            app,
            SourceLocation.ofFile("apps/" + app.name() + ".yaml"),
            Map.of(),
            replicas,
            ResourcePreset.NANO.resources(),
            null,
            false,
            Map.of(),
            new NatsSpec.Jetstream(jetstream, new Quantity("1Gi")),
            Map.of(),
            Map.of());
    return NatsRenderer.render(spec, RenderOptions.defaults());
  }

  /** A renderer for the two sample shapes, as the reconciler receives it. */
  public static DesiredState render(AppSpec spec) {
    if (spec instanceof RedisSpec redis) {
      return redis(redis.ref(), redis.replicas(), redis.size().toString());
    }
    NatsSpec nats = (NatsSpec) spec;
    return nats(nats.ref(), nats.replicas(), nats.jetstream().size().toString());
  }

  public static DesiredState redis(AppRef app, int replicas, String size) {
    String ns = app.namespace();
    String base = app.name() + "-redis";
    Map<String, String> labels = MooringLabels.forComponent(app, "redis");
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(
        new SecretBuilder()
            .withNewMetadata()
            .withNamespace(ns)
            .withName(app.name() + "-auth")
            .withLabels(labels)
            .addToAnnotations(MooringLabels.GENERATED_KEYS_ANNOTATION, "password")
            .endMetadata()
            .addToData("password", base64(UUID.randomUUID().toString()))
            .build());
    objects.add(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withNamespace(ns)
            .withName(base + "-config")
            .withLabels(labels)
            .endMetadata()
            .addToData("redis.conf", "appendonly yes\nmin-replicas-to-write 1\n")
            .build());
    objects.add(
        service(
            ns,
            base + "-headless",
            labels,
            MooringLabels.selector(app, "redis"),
            true,
            port("redis", 6379, new IntOrString("redis"))));
    objects.add(
        service(
            ns,
            base,
            labels,
            MooringLabels.selector(app, "redis"),
            false,
            port("redis", 6379, new IntOrString(6379))));
    Container redis =
        new ContainerBuilder()
            .withName("redis")
            .withImage("redis:7.2.5-alpine")
            .withCommand("redis-server", "/data/redis.conf")
            .addNewPort()
            .withName("redis")
            .withContainerPort(6379)
            .endPort()
            .addNewEnv()
            .withName("REDIS_PASSWORD")
            .withNewValueFrom()
            .withNewSecretKeyRef()
            .withName(app.name() + "-auth")
            .withKey("password")
            .endSecretKeyRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("POD_NAME")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.name")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .withNewResources()
            .addToRequests("cpu", new Quantity("100m"))
            .addToRequests("memory", new Quantity("1Gi"))
            .addToLimits("cpu", new Quantity("1000m"))
            .addToLimits("memory", new Quantity("1024Mi"))
            .endResources()
            .withNewReadinessProbe()
            .withNewTcpSocket()
            .withPort(new IntOrString("redis"))
            .endTcpSocket()
            .withInitialDelaySeconds(5)
            .endReadinessProbe()
            .addNewVolumeMount()
            .withName("data")
            .withMountPath("/data")
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("config")
            .withMountPath("/etc/redis")
            .endVolumeMount()
            .build();
    objects.add(
        statefulSet(
            app, base, "redis", replicas, "OrderedReady", redis, claim("data", size, labels)));
    Map<String, String> exporterLabels = MooringLabels.forComponent(app, "exporter");
    objects.add(
        new DeploymentBuilder()
            .withNewMetadata()
            .withNamespace(ns)
            .withName(base + "-exporter")
            .withLabels(exporterLabels)
            .endMetadata()
            .withNewSpec()
            .withReplicas(1)
            .withNewSelector()
            .withMatchLabels(MooringLabels.selector(app, "exporter"))
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(exporterLabels)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("exporter")
            .withImage("oliver006/redis_exporter:v1.62.0")
            .addNewPort()
            .withName("metrics")
            .withContainerPort(9121)
            .endPort()
            .addNewEnv()
            .withName("REDIS_ADDR")
            .withValue("redis://" + base + ":6379")
            .endEnv()
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build());
    objects.add(pdb(ns, base, labels, MooringLabels.selector(app, "redis")));
    objects.sort(ApplyOrder.COMPARATOR);
    return new DesiredState(app, objects);
  }

  public static DesiredState nats(AppRef app, int replicas, String size) {
    String ns = app.namespace();
    String base = app.name() + "-nats";
    Map<String, String> labels = MooringLabels.forComponent(app, "nats");
    Map<String, String> selector = MooringLabels.selector(app, "nats");
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(
        new SecretBuilder()
            .withNewMetadata()
            .withNamespace(ns)
            .withName(base + "-credentials")
            .withLabels(labels)
            .addToAnnotations(
                MooringLabels.GENERATED_KEYS_ANNOTATION, "sys-password,admin-password")
            .endMetadata()
            .addToData("sys-password", base64(UUID.randomUUID().toString()))
            .addToData("admin-password", base64(UUID.randomUUID().toString()))
            .addToStringData("alice-password", "from-the-spec")
            .build());
    objects.add(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withNamespace(ns)
            .withName(base + "-config")
            .withLabels(labels)
            .endMetadata()
            .addToData("nats.conf", "port: 4222\njetstream { max_file_store: " + size + " }\n")
            .build());
    objects.add(
        service(
            ns,
            base + "-headless",
            labels,
            selector,
            true,
            port("client", 4222, null),
            port("cluster", 6222, null),
            port("monitor", 8222, null)));
    objects.add(service(ns, base, labels, selector, false, port("client", 4222, null)));
    Container nats =
        new ContainerBuilder()
            .withName("nats")
            .withImage("nats:2.10.18-alpine")
            .withArgs("--config", "/etc/nats/nats.conf")
            .addNewPort()
            .withName("client")
            .withContainerPort(4222)
            .endPort()
            .addNewPort()
            .withName("cluster")
            .withContainerPort(6222)
            .endPort()
            .addNewPort()
            .withName("monitor")
            .withContainerPort(8222)
            .endPort()
            .withNewStartupProbe()
            .withNewHttpGet()
            .withPath("/healthz")
            .withPort(new IntOrString("monitor"))
            .endHttpGet()
            .withFailureThreshold(90)
            .endStartupProbe()
            .withNewLivenessProbe()
            .withNewHttpGet()
            .withPath("/healthz?js-enabled-only=true")
            .withPort(new IntOrString(8222))
            .endHttpGet()
            .endLivenessProbe()
            .withNewResources()
            .addToLimits("cpu", new Quantity("1"))
            .addToLimits("memory", new Quantity("0.5Gi"))
            .endResources()
            .addNewVolumeMount()
            .withName("jetstream")
            .withMountPath("/data")
            .endVolumeMount()
            .build();
    objects.add(
        statefulSet(
            app, base, "nats", replicas, "Parallel", nats, claim("jetstream", size, labels)));
    objects.add(pdb(ns, base, labels, selector));
    objects.sort(ApplyOrder.COMPARATOR);
    return new DesiredState(app, objects);
  }

  /**
   * A claim as the StatefulSet controller makes it from a template: the template's labels, the
   * set's name.
   */
  public static PersistentVolumeClaim claimOf(StatefulSet set, int ordinal) {
    PersistentVolumeClaim template = set.getSpec().getVolumeClaimTemplates().get(0);
    return new PersistentVolumeClaimBuilder(template)
        .editMetadata()
        .withName(
            template.getMetadata().getName() + "-" + set.getMetadata().getName() + "-" + ordinal)
        .withNamespace(set.getMetadata().getNamespace())
        .endMetadata()
        .build();
  }

  private static StatefulSet statefulSet(
      AppRef app,
      String name,
      String component,
      int replicas,
      String podManagement,
      Container container,
      PersistentVolumeClaim claim) {
    Map<String, String> labels = MooringLabels.forComponent(app, component);
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withNamespace(app.namespace())
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withServiceName(name + "-headless")
        .withPodManagementPolicy(podManagement)
        .withNewSelector()
        .withMatchLabels(MooringLabels.selector(app, component))
        .endSelector()
        .withNewPersistentVolumeClaimRetentionPolicy()
        .withWhenDeleted("Retain")
        .withWhenScaled("Retain")
        .endPersistentVolumeClaimRetentionPolicy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withContainers(container)
        .addNewVolume()
        .withName("config")
        .withNewConfigMap()
        .withName(name + "-config")
        .endConfigMap()
        .endVolume()
        .endSpec()
        .endTemplate()
        .withVolumeClaimTemplates(claim)
        .endSpec()
        .build();
  }

  private static PersistentVolumeClaim claim(String name, String size, Map<String, String> labels) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withNewResources()
        .addToRequests("storage", new Quantity(size))
        .endResources()
        .endSpec()
        .build();
  }

  private static Service service(
      String ns,
      String name,
      Map<String, String> labels,
      Map<String, String> selector,
      boolean headless,
      ServicePort... ports) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withSelector(selector)
        .withPorts(ports)
        .withClusterIP(headless ? "None" : null)
        .withPublishNotReadyAddresses(headless ? true : null)
        .endSpec()
        .build();
  }

  private static ServicePort port(String name, int number, IntOrString target) {
    return new ServicePortBuilder().withName(name).withPort(number).withTargetPort(target).build();
  }

  private static HasMetadata pdb(
      String ns, String name, Map<String, String> labels, Map<String, String> selector) {
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(selector)
        .endSelector()
        .endSpec()
        .build();
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
