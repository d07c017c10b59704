package io.basalt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A WITH query referenced more than once (TPC-H Q15's shape) is computed once and read by each
 * reference: the answers equal DuckDB's, the table behind it is scanned once, and a join above one
 * reference does not filter the rows the other reference reads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedSubtreeTest {
  @TempDir
  static Path data;

  private Connection basalt;
  private Connection duckdb;

  @BeforeAll
  void setUp() throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("COPY (SELECT i AS id, CAST(i % 997 AS INTEGER) AS k,"
          + " CASE WHEN i % 13 = 0 THEN NULL ELSE CAST(i % 101 AS DECIMAL(12,2)) END AS v,"
          + " 'g' || CAST(i % 7 AS VARCHAR) AS g FROM range(0, 200000) t(i)) TO '"
          + data.resolve("facts.parquet") + "' (FORMAT parquet)");
      s.execute("COPY (SELECT CAST(i * 50 AS INTEGER) AS k FROM range(0, 10) t(i)) TO '"
          + data.resolve("few.parquet") + "' (FORMAT parquet)");
    }
    basalt = DriverManager.getConnection("jdbc:basalt:" + data + ";threads=2;memory_limit=1GB");
    duckdb = DuckDbViews.open(data, List.of("facts", "few"));
  }

  @AfterAll
  void tearDown() throws Exception {
    if (basalt != null) {
      basalt.close();
    }
    if (duckdb != null) {
      duckdb.close();
    }
  }

  static Stream<String> queries() {
    return Stream.of(
        // Q15's shape: the rows whose total is the maximum total.
        "with t as (select k, sum(v) as total from facts group by k)"
            + " select k, total from t where total = (select max(total) from t)",
        // A join above one reference (whose runtime filter must not reach the other).
        "with t as (select k, count(*) as n, sum(v) as total from facts group by k)"
            + " select cast('joined' as varchar), t.k, t.n from t join few on t.k = few.k"
            + " union all select 'all', count(*), sum(n) from t",
        // Three references, one of them under an aggregate, one with NULL groups.
        "with t as (select g, k % 3 as m, avg(v) as a from facts group by g, k % 3)"
            + " select x.g, x.m, x.a, y.a from t x join t y on x.g = y.g and x.m = y.m + 1"
            + " where x.a > (select avg(a) from t)",
        // A shared join.
        "with j as (select f.g, f.id from facts f join few on f.k = few.k)"
            + " select g, count(*) from j group by g union all select 'total', count(*) from j",
        // A shared result with no rows.
        "with t as (select k, sum(v) as total from facts where id < 0 group by k)"
            + " select count(*) from t union all select count(*) from t");
  }

  @ParameterizedTest
  @MethodSource("queries")
  void answerEqualsDuckDb(String sql) throws Exception {
    List<List<Object>> expected = ResultComparison.query(duckdb, sql);
    List<List<Object>> actual = ResultComparison.query(basalt, sql);
    ResultComparison.assertSameAnswer(sql, expected, actual, false);
  }

  @Test
  void theTableBehindTheSharedQueryIsScannedOnce() throws Exception {
    String sql = "with t as (select k, sum(v) as total from facts group by k)"
        + " select k, total from t where total = (select max(total) from t)";
    StringBuilder plan = new StringBuilder();
    try (Statement s = basalt.createStatement();
        ResultSet rs = s.executeQuery("EXPLAIN ANALYZE " + sql)) {
      while (rs.next()) {
        plan.append(rs.getString(1)).append('\n');
      }
    }
    Matcher m = Pattern.compile("VecTableScan\\(table=\\[\\[basalt, facts\\]\\].*\\n.*?rows=(\\d+)")
        .matcher(plan);
    assertTrue(m.find(), plan.toString());
    // Both references print the scan; its counters show one pass over the 200 000 rows.
    assertEquals("200000", m.group(1), plan.toString());
    assertTrue(plan.toString().contains("files=1 of 1"), plan.toString());
  }
}
