package io.basalt.bench.range;

import io.basalt.bench.DuckDbSql;
import io.basalt.engine.format.parquet.write.ParquetWriteOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The pushdown benchmark's table: TPC-H lineitem sorted by {@code l_shipdate}, written by Basalt's
 * own Parquet writer with fixed-size row groups, so that a date range maps to a few row groups
 * whose footer statistics let a pushdown-aware scan skip the rest. DuckDB sorts (Basalt's engine
 * cannot sort natively yet); Basalt's reader and writer then re-write DuckDB's file, so the row
 * group size and the statistics are Basalt's.
 */
public final class SortedLineitem {
  public static final String TABLE = "lineitem_sorted";
  /** Issue 3's layout: 100 000-row row groups. */
  public static final int DEFAULT_ROW_GROUP_ROWS = 100_000;

  private SortedLineitem() {}

  /** The sorted file in {@code folder}: {@code lineitem_sorted.parquet}. */
  public static Path file(Path folder) {
    return folder.resolve(TABLE + ".parquet");
  }

  /**
   * The sorted copy of {@code lineitem} in {@code folder}, built first when it does not exist yet
   * (an existing file is reused as it is: build once, time many times).
   */
  public static Path ensure(Path folder, Path lineitem, int rowGroupRows, int threads,
      PrintStream notices) throws IOException, SQLException {
    Path target = file(folder).toAbsolutePath();
    if (Files.isRegularFile(target)) {
      return target;
    }
    if (!Files.isRegularFile(lineitem)) {
      throw new IOException("cannot build " + target + ": no lineitem file at " + lineitem);
    }
    Files.createDirectories(folder);
    notices.println("Building " + target + " (lineitem sorted by l_shipdate, " + rowGroupRows
        + "-row row groups; once)…");
    long start = System.nanoTime();
    // A dot name: Basalt's catalog ignores it, so a half-built file is never a table.
    Path sortedByDuckDb = Files.createTempFile(folder, ".lineitem-by-duckdb-", ".parquet");
    try {
      sortWithDuckDb(lineitem, sortedByDuckDb, threads);
      rewrite(sortedByDuckDb, target, rowGroupRows);
    } finally {
      Files.deleteIfExists(sortedByDuckDb);
    }
    notices.printf("Built in %.1f s.%n", (System.nanoTime() - start) / 1e9);
    return target;
  }

  /**
   * DuckDB's COPY of lineitem ordered by ship date; the order key and line number break ties so
   * that the file's row order is the same on every build.
   */
  static void sortWithDuckDb(Path lineitem, Path out, int threads) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute("SET threads=" + threads);
      s.execute("SET preserve_insertion_order=true");
      s.execute("COPY (SELECT * FROM read_parquet("
          + DuckDbSql.literal(lineitem.toAbsolutePath().toString())
          + ") ORDER BY l_shipdate, l_orderkey, l_linenumber) TO "
          + DuckDbSql.literal(out.toAbsolutePath().toString()) + " (FORMAT parquet)");
    }
  }

  /** Reads {@code source} with Basalt's scan and writes every batch with Basalt's writer. */
  static void rewrite(Path source, Path target, int rowGroupRows) throws IOException {
    io.basalt.engine.exec.ParquetRewriter.rewrite(source, target,
        ParquetWriteOptions.defaults().withRowGroupRows(rowGroupRows));
  }
}
