package io.basalt.bench.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Hash aggregation ({@code HashAggregateNode}: extraction, hashing, group lookup, accumulators,
 * partial merge, result batches) over in-memory Arrow batches, for the two TPC-H shapes that
 * matter: Q1 (few groups, string keys, decimal sums) and Q18 (a group per four rows, one BIGINT
 * key). Reports time per run over {@code rows} rows; {@code HashAggregateBenchmarkTest} runs the
 * body once and checks its checksum.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
    "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Dio.netty.noUnsafe=false", "-Xmx4g"})
public class HashAggregateBenchmark {
  @Param({"Q1_FEW_STRING_GROUPS", "Q18_MANY_LONG_GROUPS"})
  public AggregateFixture.Shape shape;

  @Param({"2000000"})
  public int rows;

  @Param({"1", "2"})
  public int threads;

  private BufferAllocator allocator;
  private List<VectorSchemaRoot> batches;

  @Setup(Level.Trial)
  public void generate() {
    allocator = new RootAllocator();
    batches = AggregateFixture.batches(shape, rows, allocator);
  }

  @Benchmark
  public long aggregate() throws Exception {
    return AggregateFixture.aggregate(shape, batches, threads, allocator);
  }

  @TearDown(Level.Trial)
  public void release() {
    batches.forEach(VectorSchemaRoot::close);
    allocator.close();
  }
}
