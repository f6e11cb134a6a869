package io.mooring.core.spec;

import java.time.Duration;
import java.util.Optional;

/**
 * When a Redis app's passwords change: on a schedule ({@code every}) and on demand (the {@link
 * #ANNOTATION} annotation, in any dialect); the previous password keeps working for {@code
 * overlap}.
 */
public record PasswordRotation(Optional<Duration> every, Duration overlap) {
  /** A new value of this annotation rotates the passwords once. */
  public static final String ANNOTATION = "mooring.io/rotate-passwords";

  public static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);

  /** No schedule; the annotation still rotates, with the default overlap. */
  public static final PasswordRotation ON_DEMAND =
      new PasswordRotation(Optional.empty(), DEFAULT_OVERLAP);
}
