package io.mooring.core.spec;

import java.util.Optional;
import java.util.Set;

/**
 * One accepted spec format (an {@code apiVersion} and its kinds) mapped onto the canonical model.
 * {@link SpecParser} reads the envelope (apiVersion, kind, metadata) itself; a dialect maps {@code
 * spec}.
 */
public interface Dialect {

  /**
   * The canonical kind of documents with this apiVersion and kind; empty when this dialect does not
   * read them.
   */
  Optional<AppKind> kindOf(String apiVersion, String kind);

  /**
   * The kinds this dialect reads under {@code apiVersion} (empty when it does not know it), for
   * near-miss hints.
   */
  Set<String> kinds(String apiVersion);

  /** Maps the document's {@code spec}, reporting every problem; empty when the spec has errors. */
  Optional<AppSpec> map(SpecDocument document, SpecProblems problems);
}
