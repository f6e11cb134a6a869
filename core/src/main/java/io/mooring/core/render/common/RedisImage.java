package io.mooring.core.render.common;

import io.mooring.core.spec.RedisEngine;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Redis image a spec's version asks for. The configured image's tag names its version family
 * ({@code 7.2.5-alpine} is family 7.2, variant {@code -alpine}); a spec naming the same family, or
 * no version, runs the configured image as pinned. A spec naming another family runs the official
 * floating tag of that family with the same variant, from the same repository ({@code 7.0-alpine}),
 * so a registry mirror serves it as well. A configured digest or a tag that names no version is the
 * install's deliberate pin and is used whatever the spec says.
 */
public final class RedisImage {
  private static final Pattern VERSIONED_TAG = Pattern.compile("(\\d+\\.\\d+)(\\.\\d+)?(-.*)?");

  private RedisImage() {}

  public static ContainerImage of(ContainerImage configured, RedisEngine engine) {
    if (engine.version().isEmpty()) {
      return configured;
    }
    Matcher tag = VERSIONED_TAG.matcher(configured.tag());
    if (!tag.matches() || tag.group(1).equals(engine.version().get())) {
      return configured;
    }
    String variant = tag.group(3) == null ? "" : tag.group(3);
    return configured.withTag(engine.version().get() + variant);
  }
}
