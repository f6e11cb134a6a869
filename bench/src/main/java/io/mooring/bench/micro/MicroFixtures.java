package io.mooring.bench.micro;

import io.mooring.bench.BenchApp;
import io.mooring.bench.SpecCorpus;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.SpecFile;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import java.util.List;

/** The specs the micro-benchmarks work on: the same generated apps as the end-to-end scenarios. */
final class MicroFixtures {
  private MicroFixtures() {}

  static AppSpec spec(AppKind kind) {
    BenchApp app = new BenchApp(kind, "team-00", kind.id() + "-0");
    var result =
        SpecParser.standard(SpecParserOptions.defaults())
            .parse(List.of(SpecFile.of(app.path(), SpecCorpus.yaml(app, false))));
    return result.specs().get(0);
  }
}
