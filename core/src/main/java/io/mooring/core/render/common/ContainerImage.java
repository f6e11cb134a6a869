package io.mooring.core.render.common;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One container image as a repository and a tag, so that a registry mirror can replace the
 * repository alone. A tag of the form {@code sha256:<hex>} pins a digest instead.
 *
 * @param repository e.g. {@code redis} or {@code mirror.example.com:5000/library/redis}
 * @param tag e.g. {@code 7.2.5-alpine}
 */
public record ContainerImage(String repository, String tag) {
  private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final Pattern REPOSITORY =
      Pattern.compile(
          "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
              + "(?::[0-9]+)?/)?"
              + PATH_COMPONENT
              + "(?:/"
              + PATH_COMPONENT
              + ")*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");

  public ContainerImage {
    checkRepository(repository)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException("image repository " + problem);
            });
    checkTag(tag)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException("image tag " + problem);
            });
  }

  /** What is wrong with {@code repository}, or empty when a registry would accept it. */
  public static Optional<String> checkRepository(String repository) {
    if (repository == null || !REPOSITORY.matcher(repository).matches()) {
      return Optional.of(
          "must be an image repository such as redis or registry.example.com:5000/library/redis"
              + " (no tag), got \""
              + repository
              + "\"");
    }
    return Optional.empty();
  }

  /** What is wrong with {@code tag}, or empty when it is a tag or a sha256 digest. */
  public static Optional<String> checkTag(String tag) {
    if (tag == null || !(TAG.matcher(tag).matches() || DIGEST.matcher(tag).matches())) {
      return Optional.of(
          "must be an image tag (letters, digits, '_', '.', '-', at most 128) or sha256:<64 hex>,"
              + " got \""
              + tag
              + "\"");
    }
    return Optional.empty();
  }

  /** The reference a container's {@code image} field takes. */
  public String reference() {
    return repository + (DIGEST.matcher(tag).matches() ? "@" : ":") + tag;
  }

  public ContainerImage withRepository(String value) {
    return new ContainerImage(value, tag);
  }

  public ContainerImage withTag(String value) {
    return new ContainerImage(repository, value);
  }

  @Override
  public String toString() {
    return reference();
  }
}
