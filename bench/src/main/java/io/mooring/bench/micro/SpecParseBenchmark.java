package io.mooring.bench.micro;

import io.mooring.bench.BenchApp;
import io.mooring.bench.SpecCorpus;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.SpecFile;
import io.mooring.core.spec.SpecParseResult;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Parsing one Redis spec file into its canonical model, errors collected. */
@State(Scope.Benchmark)
public class SpecParseBenchmark {
  private final SpecParser parser = SpecParser.standard(SpecParserOptions.defaults());
  private final BenchApp app = new BenchApp(AppKind.REDIS, "team-00", "cache-0");
  private final List<SpecFile> file = List.of(SpecFile.of(app.path(), SpecCorpus.yaml(app, false)));

  @Benchmark
  public SpecParseResult parseRedisSpec() {
    return parser.parse(file);
  }
}
