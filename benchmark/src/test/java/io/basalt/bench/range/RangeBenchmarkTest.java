package io.basalt.bench.range;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.bench.DuckDbSql;
import io.basalt.bench.SharedTpchData;
import io.basalt.engine.format.parquet.ParquetFileMetadata;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pushdown benchmark at SF 0.01 with small row groups: the sorted copy holds every lineitem
 * row, in ship-date order, in row groups of the requested size; and both queries give equal
 * answers in Basalt and DuckDB, the one-week count matching DuckDB's on the unsorted original.
 */
class RangeBenchmarkTest {
  private static final int ROW_GROUP_ROWS = 5_000;
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @TempDir
  Path folder;

  @Test
  void sortedCopyIsCompleteOrderedAndAnswersAreEqual() throws Exception {
    Path lineitem = SharedTpchData.folder().resolve("lineitem.parquet");
    Path sorted = SortedLineitem.ensure(folder, lineitem, ROW_GROUP_ROWS, 2, QUIET);

    ParquetFileMetadata footer = ParquetFileMetadata.read(sorted);
    long sourceRows = ParquetFileMetadata.read(lineitem).rowCount();
    assertEquals(sourceRows, footer.rowCount());
    assertEquals((sourceRows + ROW_GROUP_ROWS - 1) / ROW_GROUP_ROWS, footer.rowGroupCount());
    for (int g = 0; g < footer.rowGroupCount() - 1; g++) {
      assertEquals(ROW_GROUP_ROWS, footer.rowGroupRowCount(g), "row group " + g);
    }
    assertEquals(0, outOfOrderShipDates(sorted));
    try (var files = Files.list(folder)) {
      assertEquals(1, files.count(), "only the sorted file is left behind");
    }

    RangeReport report = new RangeBenchmark(
        new RangeBenchConfig(folder, "0.01", 1, 2, Duration.ofMinutes(2)), QUIET).run();
    for (RangeQuery q : RangeQuery.values()) {
      RangeResult result = report.result(q);
      assertEquals(RangeResult.EQUAL, result.check(), q.label());
      assertEquals(1, result.basalt().millis().size(), q.label());
      assertEquals(1, result.duckdb().millis().size(), q.label());
    }
    assertEquals(sourceRows, report.result(RangeQuery.WHOLE_TABLE).matchingRows());
    long week = report.result(RangeQuery.ONE_WEEK).matchingRows();
    assertEquals(countOnOriginal(lineitem), week);
    assertTrue(week > 0 && week < sourceRows / 50, "one week is a small slice: " + week);
    assertTrue(report.basaltSpeedUp().isPresent());
    assertFalse(report.explainAnalyze().isBlank());
    assertTrue(report.text().contains("Basalt pushdown speed-up (b)/(a): "), report.text());
  }

  /** Rows whose ship date is earlier than the previous row's, in file order. */
  private static long outOfOrderShipDates(Path file) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM (SELECT l_shipdate < lag(l_shipdate)"
            + " OVER (ORDER BY file_row_number) AS earlier FROM read_parquet("
            + DuckDbSql.literal(file.toString()) + ", file_row_number = true)) WHERE earlier")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long countOnOriginal(Path lineitem) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet("
            + DuckDbSql.literal(lineitem.toString()) + ") WHERE l_shipdate BETWEEN DATE '1995-03-01'"
            + " AND DATE '1995-03-07'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
