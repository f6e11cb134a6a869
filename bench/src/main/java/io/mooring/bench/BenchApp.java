package io.mooring.bench;

import io.mooring.core.spec.AppKind;

/** One generated app of the benchmark's config repository. */
public record BenchApp(AppKind kind, String namespace, String name) {

  public String path() {
    return "apps/" + namespace + "/" + name + ".yaml";
  }
}
