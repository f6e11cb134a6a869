package io.mooring.core.diff;

import java.util.Map;

/**
 * Rewrites an object's JSON tree in place before comparison so that equivalent values compare
 * equal. Each normalizer handles one source of false drift (quantities, defaults, server-owned
 * fields ...).
 */
public interface Normalizer {

  /**
   * Rewrites {@code tree} in place.
   *
   * @param kind the object's kind
   * @param tree the object as nested maps, lists and scalars
   * @param live true for the object read from the cluster, false for the rendered one; defaults are
   *     only filled into the live side, so that a value Mooring declares is always compared
   */
  void normalize(String kind, Map<String, Object> tree, boolean live);
}
