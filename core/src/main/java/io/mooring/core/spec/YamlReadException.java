package io.mooring.core.spec;

/**
 * A file that is not readable YAML (syntax, limits, encoding); the location is where reading
 * stopped.
 */
final class YamlReadException extends Exception {
  private final SourceLocation location;

  YamlReadException(SourceLocation location, String message) {
    super(message, null, false, false);
    this.location = location;
  }

  SourceLocation location() {
    return location;
  }
}
