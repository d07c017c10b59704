package io.basalt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * COPY ... TO and CREATE TABLE AS through JDBC: round trips of every type through Parquet and CSV
 * (compared exactly with the source, and the Parquet files read by DuckDB), partitioned output,
 * atomicity when the query fails half way, update counts, and the read-only refusal.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CopyToTest {
  /** Every type a column can have, with NULLs, awkward strings and extreme numbers. */
  private static final String ALL_TYPES = "SELECT"
      + " CASE WHEN i % 7 = 0 THEN NULL ELSE i % 2 = 0 END AS b,"
      + " CASE WHEN i % 11 = 0 THEN NULL ELSE CAST(i % 128 - 64 AS TINYINT) END AS i8,"
      + " CAST(i * 7 - 3000 AS SMALLINT) AS i16,"
      + " CASE WHEN i % 13 = 0 THEN NULL ELSE CAST(i * 100003 AS INTEGER) END AS i32,"
      + " CASE WHEN i = 1 THEN 9223372036854775807 WHEN i = 2 THEN -9223372036854775808 ELSE i * 1000000007 END AS i64,"
      + " CAST(i * 0.25 AS REAL) AS f,"
      + " CASE WHEN i % 5 = 0 THEN NULL ELSE i / 3.0 + 1e-9 END AS d,"
      + " CAST(i * 1.0001 - 50 AS DECIMAL(18,4)) AS amt,"
      + " CASE WHEN i % 9 = 0 THEN NULL WHEN i % 9 = 1 THEN '' WHEN i % 9 = 2 THEN 'a,b \"q\"'"
      + "   WHEN i % 9 = 3 THEN 'line1' || chr(10) || 'line2' WHEN i % 9 = 4 THEN ' padded ' "
      + "   WHEN i % 9 = 5 THEN 'ünïcødé ✓' ELSE 'v' || i END AS s,"
      + " CASE WHEN i % 17 = 0 THEN NULL ELSE DATE '1969-12-25' + CAST(i * 37 AS INTEGER) END AS day,"
      + " TIMESTAMP '1999-12-31 23:59:58' + to_milliseconds(i * 1234567) AS ts"
      + " FROM range(1, 301) t(i)";

  @TempDir
  static Path data;

  private Connection conn;
  private Connection duck;

  @BeforeAll
  void writeData() throws Exception {
    duck = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = duck.createStatement()) {
      s.execute("COPY (" + ALL_TYPES + ") TO '" + data.resolve("alltypes.parquet") + "' (FORMAT parquet)");
      s.execute("COPY (SELECT CASE i % 3 WHEN 0 THEN 'eu' WHEN 1 THEN 'us' ELSE NULL END AS region,"
          + " 2020 + i % 4 AS year, CAST(i * 1.5 AS DECIMAL(12,2)) AS amount, i AS id"
          + " FROM range(0, 20000) t(i)) TO '" + data.resolve("sales.parquet") + "' (FORMAT parquet)");
    }
    conn = DriverManager.getConnection("jdbc:basalt:" + data + ";threads=2");
  }

  @AfterAll
  void close() throws SQLException {
    conn.close();
    duck.close();
  }

  private long update(String sql) throws SQLException {
    try (Statement s = conn.createStatement()) {
      return s.executeUpdate(sql);
    }
  }

  private static List<List<Object>> rows(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<List<Object>> out = new ArrayList<>();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.add(exact(rs, md.getColumnType(i), i));
        }
        out.add(row);
      }
      return out;
    }
  }

  /** Values compared exactly: numbers as stripped BigDecimals, dates and timestamps as java.time. */
  private static Object exact(ResultSet rs, int type, int i) throws SQLException {
    Object o = switch (type) {
      case Types.DATE -> rs.getObject(i, LocalDate.class);
      case Types.TIMESTAMP -> rs.getObject(i, LocalDateTime.class);
      default -> rs.getObject(i);
    };
    if (o instanceof Float f) {
      return new BigDecimal(Float.toString(f)).stripTrailingZeros();
    }
    if (o instanceof Double d) {
      return new BigDecimal(d).stripTrailingZeros();
    }
    if (o instanceof BigDecimal d) {
      return d.stripTrailingZeros();
    }
    if (o instanceof Number n) {
      return new BigDecimal(n.toString()).stripTrailingZeros();
    }
    return o;
  }

  private static final String COLUMNS = "b, i8, i16, i32, i64, f, d, amt, s, day, ts";

  @Test
  void everyTypeRoundTripsThroughParquetAndDuckDbReadsTheSameValues() throws SQLException {
    assertEquals(300, update("COPY (SELECT * FROM alltypes) TO 'rt/all.parquet' (FORMAT parquet, COMPRESSION snappy)"));
    List<List<Object>> source = rows(conn, "SELECT " + COLUMNS + " FROM alltypes ORDER BY i64");
    assertEquals(source, rows(conn, "SELECT " + COLUMNS + " FROM read_parquet('rt/all.parquet') ORDER BY i64"));
    assertEquals(rows(duck, "SELECT " + COLUMNS + " FROM '" + data.resolve("alltypes.parquet") + "' ORDER BY i64"),
        rows(duck, "SELECT " + COLUMNS + " FROM '" + data.resolve("rt/all.parquet") + "' ORDER BY i64"));
    assertEquals(rows(duck, "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '"
            + data.resolve("alltypes.parquet") + "')"),
        rows(duck, "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '"
            + data.resolve("rt/all.parquet") + "')"));
  }

  @Test
  void everyTypeRoundTripsThroughCsv() throws SQLException {
    for (String codec : List.of("none", "gzip", "zstd")) {
      String file = "rt/all_" + codec + ".csv" + (codec.equals("gzip") ? ".gz" : codec.equals("zstd") ? ".zst" : "");
      assertEquals(300, update("COPY (SELECT " + COLUMNS + " FROM alltypes) TO '" + file + "' (FORMAT csv, COMPRESSION " + codec + ")"));
      String back = "SELECT " + COLUMNS + " FROM read_csv('" + file + "', columns => 'b BOOLEAN, i8 BIGINT,"
          + " i16 BIGINT, i32 BIGINT, i64 BIGINT, f DOUBLE, d DOUBLE, amt DECIMAL(18,4), s VARCHAR, day DATE,"
          + " ts TIMESTAMP', header => true) ORDER BY i64";
      assertEquals(rows(conn, "SELECT " + COLUMNS + " FROM alltypes ORDER BY i64"), rows(conn, back), file);
    }
    // Without declared types the sniffer infers them back (the awkward strings force quoting).
    assertEquals(List.of(List.of("BOOLEAN", "BIGINT", "DECIMAL", "DATE", "TIMESTAMP", "VARCHAR")),
        List.of(typeNames("SELECT b, i16, amt, day, ts, s FROM read_csv('rt/all_none.csv')")));
  }

  private List<Object> typeNames(String sql) throws SQLException {
    try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      List<Object> out = new ArrayList<>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        out.add(rs.getMetaData().getColumnTypeName(i));
      }
      return out;
    }
  }

  @Test
  void partitionedCopyKeepsRowCountsAndSumsPerPartition() throws Exception {
    long written = update("COPY (SELECT * FROM sales) TO 'out/sales' (FORMAT parquet, PARTITION_BY (region, year),"
        + " ROW_GROUP_SIZE 500, MAX_OPEN_FILES 2)");
    assertEquals(20000, written);
    assertTrue(Files.isDirectory(data.resolve("out/sales/region=eu/year=2021")));
    assertTrue(Files.isDirectory(data.resolve("out/sales/region=__HIVE_DEFAULT_PARTITION__/year=2020")));
    // Only two files open at a time over interleaved partitions (three batches of rows): a
    // partition that comes back after its file was closed gets another file.
    long files;
    try (Stream<Path> walk = Files.walk(data.resolve("out/sales"))) {
      files = walk.filter(p -> p.toString().endsWith(".parquet")).count();
    }
    assertTrue(files > 12, "files: " + files);
    String perPartition = "SELECT region, year, count(*), sum(amount) FROM %s GROUP BY region, year ORDER BY region, year";
    List<List<Object>> expected = rows(conn, String.format(perPartition, "sales"));
    assertEquals(12, expected.size());
    assertEquals(expected, rows(conn, String.format(perPartition, "read_parquet('out/sales')")));
    assertEquals(rows(duck, String.format(perPartition, "'" + data.resolve("sales.parquet") + "'")),
        rows(duck, String.format(perPartition,
            "read_parquet('" + data.resolve("out/sales") + "/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER})")));
  }

  @Test
  void anEmptyResultIsAFileWithNoRows() throws SQLException {
    assertEquals(0, update("COPY (SELECT * FROM sales WHERE id < 0) TO 'empty/none.parquet'"));
    assertEquals(0, update("COPY (SELECT * FROM sales WHERE id < 0) TO 'empty/none.csv'"));
    assertEquals(List.of(List.of(n(0))), rows(conn, "SELECT count(*) FROM read_parquet('empty/none.parquet')"));
    assertEquals(List.of(List.of(n(0))), rows(conn, "SELECT count(*) FROM read_csv('empty/none.csv')"));
    assertEquals(List.of(List.of("region", "VARCHAR")), rows(duck, "SELECT column_name, column_type FROM"
        + " (DESCRIBE SELECT * FROM '" + data.resolve("empty/none.parquet") + "') WHERE column_name = 'region'"));
  }

  @Test
  void partitionedCsvAndOverwrite() throws SQLException {
    assertEquals(20000, update("COPY (SELECT * FROM sales) TO 'out/csv' (FORMAT csv, PARTITION_BY (year))"));
    SQLException exists = assertThrows(SQLException.class,
        () -> update("COPY (SELECT * FROM sales) TO 'out/csv' (FORMAT csv, PARTITION_BY (year))"));
    assertTrue(ErrorMessages.of(exists).contains("OVERWRITE"), ErrorMessages.of(exists));
    assertEquals(6666, update("COPY (SELECT * FROM sales WHERE region = 'eu' AND id > 2) TO 'out/csv' (FORMAT csv, PARTITION_BY (year), OVERWRITE)"));
    assertEquals(List.of(List.of(n(6666))),
        rows(conn, "SELECT count(*) FROM read_csv('out/csv/**/*.csv')"));
    // The year=... folders come back as a BIGINT column after the files' own columns.
    String perYear = "SELECT year, count(*), sum(amount) FROM %s GROUP BY year ORDER BY year";
    assertEquals(rows(conn, String.format(perYear, "sales WHERE region = 'eu' AND id > 2")),
        rows(conn, String.format(perYear, "read_csv('out/csv/**/*.csv')")));
  }

  @Test
  void aFailingQueryLeavesNoOutput() throws IOException {
    // The division fails at id 4000, after several batches were already written.
    for (String target : List.of("fail/one.parquet", "fail/parts")) {
      String options = target.endsWith("parts") ? " (PARTITION_BY (year))" : "";
      SQLException e = assertThrows(SQLException.class,
          () -> update("COPY (SELECT id, year, 10 / (id - 4000) AS x FROM sales ORDER BY id) TO '" + target + "'" + options));
      assertTrue(ErrorMessages.of(e).toLowerCase().contains("zero"), ErrorMessages.of(e));
      assertFalse(Files.exists(data.resolve(target)), target);
    }
    try (Stream<Path> left = Files.list(data.resolve("fail"))) {
      assertEquals(List.of(), left.toList(), "staging files left behind");
    }
  }

  @Test
  void aCancelledCopyLeavesNoOutput() throws Exception {
    // Cancelled as soon as its staging file exists, i.e. while rows are being written: 20000 x
    // 200 rows take seconds to produce, far longer than the cancel takes to arrive.
    try (Statement s = conn.createStatement()) {
      Thread canceller = new Thread(() -> {
        try {
          for (int i = 0; i < 6000 && !stagingExists("cancel"); i++) {
            Thread.sleep(5);
          }
          s.cancel();
        } catch (InterruptedException | SQLException | IOException e) {
          throw new IllegalStateException(e);
        }
      });
      Files.createDirectories(data.resolve("cancel"));
      canceller.start();
      SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(
          "COPY (SELECT a.id, b.id AS id2, a.amount FROM sales a JOIN (SELECT id FROM sales WHERE id < 200) b"
              + " ON a.year = b.id % 4 + 2020) TO 'cancel/big.parquet'"));
      canceller.join();
      assertTrue(ErrorMessages.of(e).toLowerCase().contains("cancel"), ErrorMessages.of(e));
      // The cancel stopped that statement's query, not the next ones.
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sales WHERE id < 10")) {
        assertTrue(rs.next());
        assertEquals(10, rs.getLong(1));
      }
    }
    assertFalse(Files.exists(data.resolve("cancel/big.parquet")));
    assertFalse(stagingExists("cancel"), "staging file left behind");
  }

  private static boolean stagingExists(String folder) throws IOException {
    try (Stream<Path> files = Files.list(data.resolve(folder))) {
      return files.anyMatch(p -> p.getFileName().toString().contains(".basalt-tmp-"));
    }
  }

  @Test
  void createTableAsMakesAParquetTable() throws SQLException {
    try (Statement s = conn.createStatement()) {
      assertFalse(s.execute("CREATE TABLE region_totals AS SELECT region, sum(amount) AS total FROM sales GROUP BY region"));
      assertEquals(3, s.getUpdateCount());
    }
    assertTrue(Files.exists(data.resolve("region_totals.parquet")));
    List<List<Object>> expected = rows(conn, "SELECT region, sum(amount) FROM sales GROUP BY region ORDER BY region");
    assertEquals(expected, rows(conn, "SELECT region, total FROM region_totals ORDER BY region"));
    SQLException again = assertThrows(SQLException.class,
        () -> update("CREATE TABLE region_totals AS SELECT 1 AS x"));
    assertTrue(ErrorMessages.of(again).contains("already exists"), ErrorMessages.of(again));
    assertEquals(1, update("CREATE OR REPLACE TABLE region_totals AS SELECT 1 AS x"));
    try (Connection fresh = DriverManager.getConnection("jdbc:basalt:" + data)) {
      assertEquals(List.of(List.of(n(1))), rows(fresh, "SELECT x FROM region_totals"));
    }
  }

  @Test
  void readOnlyConnectionsRefuseWrites() throws SQLException {
    try (Connection ro = DriverManager.getConnection("jdbc:basalt:" + data + ";read_only=true");
        Statement s = ro.createStatement()) {
      for (String sql : List.of("COPY (SELECT 1 AS x) TO 'ro.parquet'", "CREATE TABLE ro AS SELECT 1 AS x")) {
        SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(sql));
        assertTrue(ErrorMessages.of(e).contains("read-only"), ErrorMessages.of(e));
      }
      assertEquals(List.of(List.of(n(20000))), rows(ro, "SELECT count(*) FROM sales"));
    }
    assertFalse(Files.exists(data.resolve("ro.parquet")));
  }

  private static BigDecimal n(long value) {
    return BigDecimal.valueOf(value).stripTrailingZeros();
  }
}
