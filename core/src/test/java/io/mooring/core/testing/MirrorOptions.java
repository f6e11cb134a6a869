package io.mooring.core.testing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.AppImages;
import io.mooring.core.render.common.ContainerImage;
import io.mooring.core.render.common.PasswordGenerator;
import io.mooring.core.render.common.RenderOptions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Render options of an install on a cluster with its own DNS domain behind a registry mirror: every
 * image differs from the defaults and from the others, so a test sees which setting reached which
 * container.
 */
public final class MirrorOptions {
  public static final String DOMAIN = "cozy.local";
  public static final String MIRROR = "mirror.example.com:5000/hub";
  public static final List<String> PULL_SECRETS = List.of("mirror-pull", "backup-pull");

  private MirrorOptions() {}

  public static RenderOptions with(PasswordGenerator passwords) {
    AppImages images =
        new AppImages(
            new ContainerImage(MIRROR + "/redis", "7.2.5-r1"),
            new ContainerImage(MIRROR + "/valkey", "7.2.5-r7"),
            new ContainerImage(MIRROR + "/redis-for-sentinel", "7.2.5-r2"),
            new ContainerImage(MIRROR + "/redis_exporter", "v1.62.0-r3"),
            new ContainerImage(MIRROR + "/haproxy", "2.9.10-r4"),
            new ContainerImage(MIRROR + "/nats", "2.10.18-r5"),
            new ContainerImage(MIRROR + "/prometheus-nats-exporter", "0.15.0-r6"),
            PULL_SECRETS);
    return new RenderOptions(images, DOMAIN, passwords);
  }

  /** The pod template of every workload (StatefulSet, Deployment), by kind and name. */
  public static Map<String, PodTemplateSpec> podTemplates(List<HasMetadata> objects) {
    return objects.stream()
        .filter(o -> o instanceof StatefulSet || o instanceof Deployment)
        .collect(
            Collectors.toMap(
                o -> o.getKind() + "/" + o.getMetadata().getName(),
                o ->
                    o instanceof StatefulSet set
                        ? set.getSpec().getTemplate()
                        : ((Deployment) o).getSpec().getTemplate()));
  }

  /** Container (and init container) name to image, over every pod template. */
  public static Map<String, String> images(List<HasMetadata> objects) {
    return podTemplates(objects).values().stream()
        .flatMap(
            template ->
                Stream.concat(
                    template.getSpec().getInitContainers().stream(),
                    template.getSpec().getContainers().stream()))
        .collect(
            Collectors.toMap(
                Container::getName,
                Container::getImage,
                (a, b) -> a.equals(b) ? a : a + " | " + b));
  }

  public static List<String> pullSecretNames(PodTemplateSpec template) {
    return template.getSpec().getImagePullSecrets().stream()
        .map(LocalObjectReference::getName)
        .toList();
  }
}
