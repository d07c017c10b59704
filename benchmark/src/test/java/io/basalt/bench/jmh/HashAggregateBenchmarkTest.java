package io.basalt.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Keeps {@link HashAggregateBenchmark} honest: its body, run once on small data, aggregates right. */
class HashAggregateBenchmarkTest {
  @ParameterizedTest
  @CsvSource({"Q1_FEW_STRING_GROUPS, 1", "Q1_FEW_STRING_GROUPS, 2", "Q18_MANY_LONG_GROUPS, 1",
      "Q18_MANY_LONG_GROUPS, 2"})
  void benchmarkBodyReturnsTheGeneratorsChecksum(AggregateFixture.Shape shape, int threads)
      throws Exception {
    HashAggregateBenchmark benchmark = new HashAggregateBenchmark();
    benchmark.shape = shape;
    benchmark.rows = 3 * AggregateFixture.BATCH_ROWS + 1_234; // several batches, one partial
    benchmark.threads = threads;
    benchmark.generate();
    try {
      long expected = AggregateFixture.expectedChecksum(shape, benchmark.rows);
      assertEquals(expected, benchmark.aggregate());
      assertEquals(expected, benchmark.aggregate()); // the batches survive a run
    } finally {
      benchmark.release(); // closing the allocator fails on any leaked buffer
    }
  }
}
