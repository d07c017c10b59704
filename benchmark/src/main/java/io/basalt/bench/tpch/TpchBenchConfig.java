package io.basalt.bench.tpch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@link TpchBenchmark} runs: the data folder (eight {@code <table>.parquet} files), untimed
 * warm-up and timed runs per query and engine, worker threads for both engines, the query numbers,
 * and the time limit of one execution.
 */
public record TpchBenchConfig(Path data, String scaleLabel, int warmups, int runs, int threads,
    List<Integer> queries, Duration timeout) {
  public TpchBenchConfig {
    if (warmups < 0) {
      throw new IllegalArgumentException("warmups must not be negative, got " + warmups);
    }
    if (runs < 1) {
      throw new IllegalArgumentException("runs must be at least 1, got " + runs);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    queries = List.copyOf(queries);
  }
}
