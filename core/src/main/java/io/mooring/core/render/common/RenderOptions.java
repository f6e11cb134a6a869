package io.mooring.core.render.common;

import io.mooring.core.spec.KubernetesNames;
import java.time.Clock;

/**
 * Settings of the renderer that are not part of any spec: the images (pinned, overridable per
 * install), the cluster's DNS domain (stable pod names are built from it), the password source and
 * the clock.
 *
 * @param clusterDomain the suffix of every Service's DNS name after {@code svc.}: {@code
 *     cluster.local} unless the cluster was set up otherwise (Cozystack: {@code cozy.local})
 * @param clock when certificates are issued, and whether a live one is due for renewal
 */
public record RenderOptions(
    AppImages images, String clusterDomain, PasswordGenerator passwords, Clock clock) {
  public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";

  /** Options on the system clock. */
  public RenderOptions(AppImages images, String clusterDomain, PasswordGenerator passwords) {
    this(images, clusterDomain, passwords, Clock.systemUTC());
  }

  public RenderOptions {
    KubernetesNames.checkSubdomain(clusterDomain)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException("cluster domain " + problem);
            });
  }

  public static RenderOptions defaults() {
    return new RenderOptions(
        AppImages.defaults(), DEFAULT_CLUSTER_DOMAIN, PasswordGenerator.secure());
  }

  public RenderOptions withPasswords(PasswordGenerator generator) {
    return new RenderOptions(images, clusterDomain, generator, clock);
  }

  public RenderOptions withImages(AppImages value) {
    return new RenderOptions(value, clusterDomain, passwords, clock);
  }

  public RenderOptions withClusterDomain(String value) {
    return new RenderOptions(images, value, passwords, clock);
  }

  public RenderOptions withClock(Clock value) {
    return new RenderOptions(images, clusterDomain, passwords, value);
  }
}
