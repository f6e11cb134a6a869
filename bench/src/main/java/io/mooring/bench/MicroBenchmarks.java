package io.mooring.bench;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Scenario 7: the JMH benchmarks of {@code io.mooring.bench.micro}, in one forked JVM each, as
 * ops/s.
 */
public final class MicroBenchmarks {
  private static final String NAME = "7 micro (JMH)";

  private MicroBenchmarks() {}

  public static void run(boolean quick, ResultTable table) throws Exception {
    Options options =
        new OptionsBuilder()
            .include("io\\.mooring\\.bench\\.micro\\..*")
            .forks(1)
            .warmupIterations(quick ? 1 : 2)
            .warmupTime(TimeValue.milliseconds(quick ? 500 : 1000))
            .measurementIterations(quick ? 2 : 3)
            .measurementTime(TimeValue.milliseconds(quick ? 500 : 1000))
            .timeUnit(TimeUnit.SECONDS)
            .verbosity(VerboseMode.SILENT)
            .build();
    Collection<RunResult> results = new Runner(options).run();
    for (RunResult result : results) {
      String method = result.getParams().getBenchmark().replaceAll(".*\\.", "");
      var score = result.getPrimaryResult();
      table.add(
          Row.info(
              NAME,
              0,
              "%s %,.0f ops/s (± %,.0f)"
                  .formatted(method, score.getScore(), score.getScoreError())));
    }
  }
}
