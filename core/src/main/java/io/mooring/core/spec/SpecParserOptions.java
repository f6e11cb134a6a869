package io.mooring.core.spec;

/**
 * Limits and defaults of {@link SpecParser}. The limits keep hostile files (alias bombs, huge or
 * deeply nested documents) from costing more than a bounded amount of memory and time.
 *
 * @param defaultNamespace namespace of a spec whose {@code metadata.namespace} is absent
 * @param maxFileBytes larger files are rejected before being read
 * @param maxNestingDepth deepest nesting of mappings and lists in a document
 * @param maxAliases most alias uses ({@code *name}) in one document
 * @param maxExpandedNodes most nodes a document may hold once its aliases are counted as copies
 */
public record SpecParserOptions(
    String defaultNamespace,
    long maxFileBytes,
    int maxNestingDepth,
    int maxAliases,
    long maxExpandedNodes) {

  public static final long DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

  public SpecParserOptions {
    if (defaultNamespace == null || defaultNamespace.isEmpty()) {
      throw new IllegalArgumentException("defaultNamespace must not be empty");
    }
    if (maxFileBytes < 1 || maxFileBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "maxFileBytes must be between 1 and 2 GiB, got " + maxFileBytes);
    }
    if (maxNestingDepth < 4 || maxAliases < 0 || maxExpandedNodes < 1) {
      throw new IllegalArgumentException("nesting depth, alias and node limits are too small");
    }
  }

  public static SpecParserOptions defaults() {
    return new SpecParserOptions("default", DEFAULT_MAX_FILE_BYTES, 64, 100, 100_000);
  }

  public SpecParserOptions withMaxFileBytes(long bytes) {
    return new SpecParserOptions(
        defaultNamespace, bytes, maxNestingDepth, maxAliases, maxExpandedNodes);
  }

  public SpecParserOptions withDefaultNamespace(String namespace) {
    return new SpecParserOptions(
        namespace, maxFileBytes, maxNestingDepth, maxAliases, maxExpandedNodes);
  }
}
