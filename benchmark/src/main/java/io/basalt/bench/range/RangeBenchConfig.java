package io.basalt.bench.range;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@link RangeBenchmark} runs: the folder holding {@code lineitem_sorted.parquet}, the scale
 * factor it was built from (for the report), timed runs per query and engine, worker threads, and
 * the time limit of one execution.
 */
public record RangeBenchConfig(
    Path folder, String scaleLabel, int runs, int threads, Duration timeout) {
  public RangeBenchConfig {
    if (runs < 1) {
      throw new IllegalArgumentException("runs must be at least 1, got " + runs);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
  }
}
