package io.basalt.cli.tpch;

import io.basalt.engine.format.parquet.write.ParquetWriteOptions;
import io.trino.tpch.TpchTable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Generates the eight TPC-H tables as {@code <table>.parquet} files with the dbgen-compatible
 * Trino generator. Output is deterministic: the same scale factor always gives the same rows in
 * the same order, whatever the thread scheduling. Each file appears atomically when complete;
 * existing files of the same name are replaced.
 */
public final class TpchParquetGenerator {
  /** Largest first, so that the long lineitem job starts at once and the rest fill in beside it. */
  private static final List<TpchTable<?>> TABLES =
      List.of(
          TpchTable.LINE_ITEM,
          TpchTable.ORDERS,
          TpchTable.PART_SUPPLIER,
          TpchTable.PART,
          TpchTable.CUSTOMER,
          TpchTable.SUPPLIER,
          TpchTable.NATION,
          TpchTable.REGION);

  private TpchParquetGenerator() {}

  /**
   * Writes all eight tables at {@code scaleFactor} (1 = about 1 GB of raw data) into
   * {@code outDir}, creating it if needed, using Snappy and dictionary encoding.
   *
   * @return the tables in the order lineitem, orders, partsupp, part, customer, supplier, nation,
   *     region
   */
  public static List<GeneratedTable> generate(double scaleFactor, Path outDir) throws IOException {
    return generate(scaleFactor, outDir, ParquetWriteOptions.defaults());
  }

  /** As {@link #generate(double, Path)}, with explicit writer options. */
  public static List<GeneratedTable> generate(
      double scaleFactor, Path outDir, ParquetWriteOptions options) throws IOException {
    if (!(scaleFactor > 0)) {
      throw new IllegalArgumentException("scale factor must be positive, got " + scaleFactor);
    }
    Files.createDirectories(outDir);
    // Tables are independent, so two cores give nearly a 2x speedup minus lineitem's long tail.
    int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
    ExecutorService executor = Executors.newFixedThreadPool(threads, TpchParquetGenerator::thread);
    try (BufferAllocator allocator = new RootAllocator()) {
      List<Future<GeneratedTable>> futures = new ArrayList<>();
      try {
        for (TpchTable<?> table : TABLES) {
          futures.add(
              executor.submit(() -> writeTable(table, scaleFactor, outDir, options, allocator)));
        }
        List<GeneratedTable> tables = new ArrayList<>();
        for (Future<GeneratedTable> future : futures) {
          tables.add(await(future));
        }
        return tables;
      } finally {
        // On failure the other tables stop at their next batch (they check for interrupts) and
        // abort their files; wait for them so the allocator closes with nothing outstanding.
        executor.shutdownNow();
        awaitTermination(executor);
      }
    }
  }

  private static void awaitTermination(ExecutorService executor) throws IOException {
    try {
      while (!executor.awaitTermination(1, TimeUnit.MINUTES)) {
        // Keep waiting: a running table job always finishes or fails within one batch.
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while stopping TPC-H generation");
    }
  }

  private static <E extends io.trino.tpch.TpchEntity> GeneratedTable writeTable(
      TpchTable<E> table,
      double scaleFactor,
      Path outDir,
      ParquetWriteOptions options,
      BufferAllocator parent)
      throws IOException {
    TpchTableLayout<E> layout = TpchTableLayout.of(table);
    Path file = outDir.resolve(layout.name() + ".parquet");
    try (BufferAllocator allocator =
        parent.newChildAllocator(layout.name(), 0, Long.MAX_VALUE)) {
      long rows = TpchTableWriter.write(layout, scaleFactor, file, options, allocator);
      return new GeneratedTable(layout.name(), file, rows);
    }
  }

  private static GeneratedTable await(Future<GeneratedTable> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while generating TPC-H data", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      if (cause instanceof UncheckedIOException) {
        throw ((UncheckedIOException) cause).getCause();
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IOException("TPC-H generation failed", cause);
    }
  }

  private static Thread thread(Runnable task) {
    Thread thread = new Thread(task, "tpch-parquet-generator");
    thread.setDaemon(true);
    return thread;
  }
}
