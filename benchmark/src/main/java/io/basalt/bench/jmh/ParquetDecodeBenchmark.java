package io.basalt.bench.jmh;

import io.basalt.engine.format.parquet.ParquetFileMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
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
 * Parquet decoding with Basalt's {@code ParquetRowGroupReader}: one column chunk of a million
 * rows (INT64 and DOUBLE written PLAIN, strings dictionary-encoded; every tenth value NULL), read
 * from a file in the page cache into Arrow vectors. Reports time per chunk; divide by the row count
 * for time per value. {@code ParquetDecodeBenchmarkTest} runs the body once and checks its result.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
    "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Dio.netty.noUnsafe=false"})
public class ParquetDecodeBenchmark {
  @Param({"INT64", "DOUBLE", "DICTIONARY_STRING"})
  public DecodeColumn column;

  @Param({"1000000"})
  public int rows;

  private Path directory;
  private BufferAllocator allocator;
  private ParquetFileMetadata file;

  @Setup(Level.Trial)
  public void writeFile() throws IOException {
    directory = Files.createTempDirectory("basalt-decode-bench");
    allocator = new RootAllocator();
    file = DecodeFixture.write(directory.resolve(column + ".parquet"), column, rows, allocator);
  }

  @Benchmark
  public long decode() throws IOException {
    return DecodeFixture.decode(file, column, allocator);
  }

  @TearDown(Level.Trial)
  public void deleteFile() throws IOException {
    allocator.close();
    Files.deleteIfExists(file.path());
    Files.deleteIfExists(directory);
  }
}
