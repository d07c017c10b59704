package io.basalt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Aggregations, sorts, joins and windows that do not fit memory_limit, through the JDBC driver, against DuckDB on the same
 * generated Parquet file: every answer is the same under a limit that forces spilling as without
 * one, at one and two threads (the class of bug where a spill silently drops or doubles rows);
 * EXPLAIN ANALYZE shows the spill; the spill folder is empty after every query, after a failure
 * and after a cancel; max_temp_size has its own error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpillDuckDbTest {
  @TempDir
  static Path data;
  @TempDir
  static Path spill;

  private Connection duckdb;

  @BeforeAll
  void setUp() throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      // 400,000 rows, 200,000 distinct (k, s) pairs, NULLs in every column, a skewed column.
      s.execute("COPY (SELECT CASE WHEN i % 1001 = 0 THEN NULL ELSE CAST(i % 200000 AS BIGINT)"
          + " END AS k, CASE WHEN i % 997 = 0 THEN NULL ELSE 'customer-' || CAST(i % 200000 AS"
          + " VARCHAR) END AS s, CASE WHEN i % 13 = 0 THEN NULL ELSE i * 0.5 END AS v,"
          + " CAST(i % 100000 AS DECIMAL(12,2)) / 7 AS d, CAST(i % 7 AS INTEGER) AS g,"
          + " CAST(i % 50000 AS INTEGER) AS m FROM range(0, 400000) t(i)) TO '"
          + data.resolve("t.parquet") + "' (FORMAT parquet, ROW_GROUP_SIZE 100000)");
    }
    duckdb = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = duckdb.createStatement()) {
      s.execute("create view t as select * from read_parquet('" + data.resolve("t.parquet")
          + "')");
    }
  }

  @AfterAll
  void tearDown() throws Exception {
    if (duckdb != null) {
      duckdb.close();
    }
  }

  private static Connection basalt(String limit, int threads) throws SQLException {
    return DriverManager.getConnection("jdbc:basalt:" + data + ";threads=" + threads
        + ";memory_limit=" + limit + ";spill_dir=" + spill);
  }

  static Stream<String> queries() {
    return Stream.of(
        "select k, s, count(*) c, sum(v) sv, sum(d) sd, avg(d) ad, min(s) mn, max(v) mx"
            + " from t group by k, s",
        "select s, count(*) c, count(v) cv, min(k) mn from t group by s",
        "select k, count(distinct m) dm, sum(distinct g) sg from t group by k",
        "select g, m, count(*) c, sum(k) sk from t group by rollup (g, m)",
        "select count(*), sum(c), max(s) from (select s, count(*) c from t group by s) x",
        // Sorts of all 400,000 rows (a total order, so the row order is compared too).
        "select * from t order by s nulls first, v desc, k",
        "select k, v, d, g from t order by g, d desc, v nulls first offset 1000",
        // Joins whose build side (all 400,000 rows) does not fit: partitioned to disk.
        "select a.k, a.g, a.v, b.m from t a join t b on a.k = b.k and a.g = b.g",
        "select a.s, count(b.m) c, max(b.v) mv from t a left join (select s, m, v from t"
            + " where g < 2) b on a.s = b.s group by a.s",
        "select a.m, b.k, b.d from (select * from t where g = 1) a full join t b on a.k = b.m",
        "select count(*), sum(k) from t where k not in (select m from t where g = 3)",
        "select count(*), sum(v) from t a where not exists (select 1 from t b where b.k = a.k"
            + " and b.g <> a.g)",
        // Windows over all 400,000 rows: partitioned to disk by the PARTITION BY columns.
        "select s, m, count(*) over (partition by m) c, rank() over (partition by m order by v"
            + " desc) r, lag(v) over (partition by m order by k, v) lv from t",
        "select k, g, v, row_number() over (partition by g order by v, k) rn, sum(v) over"
            + " (partition by g) sv from t",
        // Windows whose one partition does not fit: sorted on disk and streamed.
        "select k, v, s, row_number() over (order by k, v, s) rn, sum(k) over (order by k, v, s"
            + " rows between 10 preceding and 3 following) sk, sum(v) over (order by k, v, s) sv,"
            + " lead(s, 2) over (order by k, v, s) ls, count(*) over () n from t",
        "select m, v, d, dense_rank() over (partition by m < 49000 order by d) dr,"
            + " avg(d) over (partition by m < 49000 order by d) ad, max(s) over (partition by"
            + " m < 49000 order by d) mx, first_value(v) over (partition by m < 49000 order by"
            + " d, k, v) fv, ntile(7) over (partition by m < 49000 order by d, k, v) nt from t");
  }

  /** Whether the query orders its result (an ORDER BY inside OVER does not). */
  private static boolean ordered(String sql) {
    return sql.contains(" from t order by ");
  }

  @ParameterizedTest
  @MethodSource("queries")
  void sameAnswerUnderEveryLimitAndThreadCount(String sql) throws Exception {
    List<List<Object>> expected = ResultComparison.query(duckdb, sql);
    for (String limit : List.of("32MB", "1GB")) {
      for (int threads : new int[] {1, 2}) {
        try (Connection c = basalt(limit, threads)) {
          ResultComparison.assertSameAnswer(sql + " [memory_limit=" + limit + ", threads="
              + threads + "]", expected, ResultComparison.query(c, sql), ordered(sql));
          assertEquals(0, ResultComparison.engineAllocatedBytes(c));
        }
        assertSpillFolderEmpty();
      }
    }
  }

  private static void assertSpillFolderEmpty() throws Exception {
    if (Files.exists(spill)) {
      try (Stream<Path> left = Files.list(spill)) {
        List<Path> files = left.toList();
        assertTrue(files.isEmpty(), "spill files left behind: " + files);
      }
    }
  }

  @Test
  void explainAnalyzeShowsTheSpill() throws Exception {
    String plan = explainAnalyze("select k, s, count(*) from t group by k, s");
    assertTrue(Pattern.compile("groups=2\\d{5}").matcher(plan).find(), plan);
    assertSpillCounters(plan);
    assertSpillCounters(explainAnalyze("select * from t order by s, v"));
    assertSpillCounters(explainAnalyze("select a.k, a.g, a.v, b.m from t a join t b"
        + " on a.k = b.k and a.g = b.g"));
    assertSpillCounters(explainAnalyze("select s, m, count(*) over (partition by m) c from t"));
    assertSpillCounters(explainAnalyze("select k, row_number() over (order by k, v, s) from t"));
    assertSpillFolderEmpty();
  }

  private static String explainAnalyze(String sql) throws Exception {
    try (Connection c = basalt("32MB", 2); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("EXPLAIN ANALYZE " + sql)) {
      StringBuilder sb = new StringBuilder();
      while (rs.next()) {
        sb.append(rs.getString(1)).append('\n');
      }
      return sb.toString();
    }
  }

  private static void assertSpillCounters(String plan) {
    for (String counter : List.of("peak reserved bytes", "spill rows", "spill bytes",
        "spill files", "spill passes")) {
      Matcher m = Pattern.compile(counter + "=(\\d+)").matcher(plan);
      assertTrue(m.find() && Long.parseLong(m.group(1)) > 0, counter + " in\n" + plan);
    }
  }

  @Test
  void maxTempSizeHasItsOwnErrorAndNothingStaysBehind() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:basalt:" + data
        + ";threads=2;memory_limit=32MB;max_temp_size=1MB;spill_dir=" + spill)) {
      SQLException e = assertThrows(SQLException.class,
          () -> ResultComparison.query(c, "select k, s, count(*) from t group by k, s"));
      assertTrue(String.valueOf(e.getMessage()).contains("max_temp_size"), e.toString());
      assertEquals(0, ResultComparison.engineAllocatedBytes(c));
    }
    assertSpillFolderEmpty();
  }

  @Test
  void aCancelledQueryLeavesNoSpillFiles() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean sawFiles = new java.util.concurrent.atomic.AtomicBoolean();
    try (Connection c = basalt("32MB", 2); Statement s = c.createStatement()) {
      Thread canceller = new Thread(() -> {
        try {
          long end = System.nanoTime() + 60_000_000_000L;
          while (System.nanoTime() < end && !sawFiles.get()) {
            sawFiles.set(spillFolderHasFiles());
            Thread.sleep(2);
          }
          s.cancel();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      canceller.start();
      SQLException e = assertThrows(SQLException.class, () -> {
        try (ResultSet rs = s.executeQuery("select k, s, count(*), max(v) from t group by k, s")) {
          while (rs.next()) {
            Thread.sleep(1); // a slow consumer: the cancel comes while the query runs
          }
        }
      });
      canceller.join();
      assertTrue(sawFiles.get(), "the query should have spilled before it was cancelled");
      assertTrue(String.valueOf(e.getMessage()).toLowerCase().contains("cancel"), e.toString());
      assertEquals(0, ResultComparison.engineAllocatedBytes(c));
    }
    assertSpillFolderEmpty();
  }

  private static boolean spillFolderHasFiles() throws Exception {
    if (!Files.exists(spill)) {
      return false;
    }
    try (Stream<Path> all = Files.walk(spill)) {
      return all.anyMatch(Files::isRegularFile);
    }
  }
}
