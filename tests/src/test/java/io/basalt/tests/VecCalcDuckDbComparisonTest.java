package io.basalt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Filters and projections compiled into vectorized Calc kernels, end to end: a Parquet table with
 * NULLs in every column, every common type and edge values (written by DuckDB), queried through
 * Basalt's driver and DuckDB, answers compared; each plan must use {@code VecCalc} and no
 * row-at-a-time {@code EnumerableCalc}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VecCalcDuckDbComparisonTest {
  @TempDir
  static Path data;

  private Connection basalt;
  private Connection duckdb;

  @BeforeAll
  void setUp() throws Exception {
    Path db = Files.createDirectories(data.resolve("db"));
    duckdb = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = duckdb.createStatement()) {
      // 5000 rows; every column NULL on its own cycle, so NULLs meet values in every expression.
      s.execute("COPY (SELECT"
          + " CASE WHEN r % 7 = 0 THEN NULL ELSE CAST(r * 37 % 1000 - 500 AS INTEGER) END AS i,"
          + " CASE WHEN r % 11 = 0 THEN NULL"
          + "  WHEN r = 1 THEN 9223372036854775807 WHEN r = 2 THEN -9223372036854775808"
          + "  ELSE CAST(r * 7919 AS BIGINT) END AS big,"
          + " CASE WHEN r % 13 = 0 THEN NULL ELSE CAST((r * 4567 % 200000) / 100.0 - 50"
          + "  AS DECIMAL(15, 2)) END AS price,"
          + " CASE WHEN r % 17 = 0 THEN NULL ELSE CAST((r % 11) / 100.0 AS DECIMAL(15, 2)) END AS disc,"
          + " CASE WHEN r % 5 = 0 THEN NULL WHEN r = 3 THEN 12345678901234567890123.4567"
          + "  ELSE CAST(r * 1.2345 AS DECIMAL(38, 4)) END AS wide,"
          + " CASE WHEN r % 19 = 0 THEN NULL ELSE r / 7.0 END AS dbl,"
          + " CASE WHEN r % 23 = 0 THEN NULL"
          + "  ELSE ['forest green', 'PROMO BRUSHED', 'Ünïcødé strïng €', '', 'abc', 'MAIL',"
          + "   'special requests', 'z'][r % 8 + 1] || CAST(r % 3 AS VARCHAR) END AS s,"
          + " CASE WHEN r % 29 = 0 THEN NULL ELSE DATE '1992-01-01' + CAST(r % 2500 AS INTEGER)"
          + "  END AS dt,"
          + " CASE WHEN r % 31 = 0 THEN NULL ELSE r % 3 = 0 END AS b"
          + " FROM range(0, 5000) t(r)) TO '" + db.resolve("t.parquet") + "' (FORMAT parquet)");
      s.execute("CREATE VIEW t AS SELECT * FROM read_parquet('" + db.resolve("t.parquet") + "')");
    }
    basalt = DriverManager.getConnection("jdbc:basalt:" + db + ";threads=2;memory_limit=1GB");
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
        "SELECT i, i + 1, i * 3 - 7, -i FROM t WHERE i > 10",
        "SELECT big FROM t WHERE big IS NOT NULL AND big < 0",
        "SELECT price * (1 - disc), price * (1 - disc) * (1 + disc) FROM t",
        "SELECT price, disc FROM t WHERE disc BETWEEN 0.05 AND 0.07 AND price < 24",
        // DuckDB divides decimals in DOUBLE; Basalt keeps Calcite's DECIMAL type
        // (scale 13 for price / 3; 12 — BasaltTypeSystem's minimum — for price / (disc + 1)),
        // rounded half up.
        "SELECT price / 3, price / (disc + 1) FROM t"
            + " ;; SELECT ROUND(CAST(price AS DOUBLE) / 3, 13), ROUND(CAST(price AS DOUBLE) / (disc + 1), 12)"
            + " FROM t",
        "SELECT wide + wide, wide * 2, wide > price FROM t",
        "SELECT CAST(price AS DOUBLE), dbl * 2, dbl > 100 FROM t",
        "SELECT CAST(i AS VARCHAR), CAST(price AS INTEGER) FROM t",
        "SELECT s FROM t WHERE s LIKE '%green%' OR s LIKE 'PROMO%' OR s NOT LIKE '%e%'",
        "SELECT s, SUBSTRING(s FROM 1 FOR 2), UPPER(s), LOWER(s), CHAR_LENGTH(s), s || '!' FROM t",
        "SELECT s FROM t WHERE s IN ('abc0', 'abc1', 'MAIL2', 'z0', 'z1', 'z2', 'forest green0')",
        "SELECT i FROM t WHERE i IN (-500, -463, -426, 0, 37, 74, 111, 148, 185)",
        "SELECT s FROM t WHERE s > 'm' AND s <> 'z1'",
        "SELECT EXTRACT(YEAR FROM dt), EXTRACT(MONTH FROM dt), EXTRACT(DAY FROM dt) FROM t",
        "SELECT dt FROM t WHERE dt >= DATE '1994-01-01' AND dt < DATE '1995-01-01'",
        "SELECT CASE WHEN b THEN price ELSE 0 END, CASE WHEN i > 0 THEN 'pos' WHEN i < 0 THEN 'neg'"
            + " END FROM t",
        "SELECT COALESCE(i, -1), COALESCE(s, 'none') FROM t",
        "SELECT b, NOT b, b IS TRUE, b IS NOT FALSE, b IS NULL FROM t",
        "SELECT i FROM t WHERE b OR i IS NULL",
        "SELECT TRIM(s), POSITION('e' IN s), REPLACE(s, 'e', 'E') FROM t",
        // Half away from zero in every type; a DECIMAL keeps its scale, DuckDB's takes the digits.
        "SELECT ROUND(price, 1), ROUND(price), ROUND(price, -1), ROUND(price / 3, 2), ROUND(wide, 2),"
            + " ROUND(wide, -3), ROUND(i, -1), ROUND(i, -2), ROUND(big, -3), ROUND(i, 2),"
            + " ROUND(dbl, 2), ROUND(dbl), ROUND(-dbl, 1) FROM t WHERE big IS NULL OR big BETWEEN -1000000000000000 AND 1000000000000000");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  void sameAnswerAsDuckDbWithVecCalc(String query) throws Exception {
    // "basalt sql ;; duckdb sql" where the engines spell the same answer differently.
    int cut = query.indexOf(" ;; ");
    String sql = cut < 0 ? query : query.substring(0, cut);
    String duckSql = cut < 0 ? query : query.substring(cut + 4);
    String plan = explain(sql);
    assertTrue(plan.contains("VecCalc"), "expected a VecCalc:\n" + plan);
    assertFalse(plan.contains("EnumerableCalc"), "expected no row-at-a-time Calc:\n" + plan);
    List<List<Object>> expected = ResultComparison.query(duckdb, duckSql);
    List<List<Object>> actual = ResultComparison.query(basalt, sql);
    ResultComparison.assertSameAnswer(sql, expected, actual, false);
    assertEquals(0, leaked(), sql + " left engine memory allocated");
  }

  @Test
  void overflowIsAnErrorNotAWrongAnswer() throws Exception {
    String sql = "SELECT big + big FROM t";
    assertTrue(explain(sql).contains("VecCalc"));
    try (Statement s = basalt.createStatement()) {
      SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> {
        try (ResultSet rs = s.executeQuery(sql)) {
          while (rs.next()) {
            rs.getObject(1);
          }
        }
      });
      assertTrue(String.valueOf(e.getMessage()).contains("overflow")
          || String.valueOf(e.getCause()).contains("overflow"), e.toString());
    }
    assertEquals(0, leaked());
  }

  @Test
  void parametersAreBoundForEachExecution() throws Exception {
    String sql = "SELECT i FROM t WHERE i > ? AND s LIKE 'abc%'";
    try (PreparedStatement p = basalt.prepareStatement(sql)) {
      for (int bound : new int[] {-1000, 0, 400}) {
        p.setInt(1, bound);
        List<List<Object>> actual;
        try (ResultSet rs = p.executeQuery()) {
          actual = ResultComparison.read(rs);
        }
        List<List<Object>> expected;
        try (Statement s = duckdb.createStatement();
            ResultSet rs = s.executeQuery(sql.replace("?", Integer.toString(bound)))) {
          expected = ResultComparison.read(rs);
        }
        ResultComparison.assertSameAnswer(sql + " with " + bound, expected, actual, false);
      }
    }
    assertTrue(explain(sql).contains("VecCalc"));
  }

  /**
   * CURRENT_DATE runs in the kernel, from the statement's clock, next to parameters: the engine's
   * answer equals Calcite's own evaluation of the same expression without a table, and a cached
   * plan reads the clock of each execution (the answer is the date the statement ran).
   */
  @Test
  void currentDateInKernelsWithParameters() throws Exception {
    java.sql.Date today;
    try (Statement s = basalt.createStatement();
        ResultSet rs = s.executeQuery("VALUES CURRENT_DATE")) {
      assertTrue(rs.next());
      today = rs.getDate(1);
    }
    String sql = "SELECT CURRENT_DATE AS d, CURRENT_DATE - INTERVAL '1' DAY AS back, i FROM t"
        + " WHERE i > ? AND CURRENT_DATE > DATE '2000-01-01' ORDER BY i LIMIT 3";
    assertTrue(!explain(sql).contains("fallback"), explain(sql));
    try (PreparedStatement p = basalt.prepareStatement(sql)) {
      for (int run = 0; run < 2; run++) {
        p.setInt(1, 10);
        try (ResultSet rs = p.executeQuery()) {
          int rows = 0;
          while (rs.next()) {
            rows++;
            java.time.LocalDate d = rs.getDate(1).toLocalDate();
            // The two statements may straddle midnight: allow the next day.
            assertTrue(d.equals(today.toLocalDate()) || d.equals(today.toLocalDate().plusDays(1)),
                d + " vs " + today);
            assertEquals(d.minusDays(1), rs.getDate(2).toLocalDate());
            assertTrue(rs.getInt(3) > 10);
          }
          assertEquals(3, rows);
        }
      }
    }
  }

  private String explain(String sql) throws SQLException {
    StringBuilder plan = new StringBuilder();
    try (Statement s = basalt.createStatement();
        ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      while (rs.next()) {
        plan.append(rs.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }

  private long leaked() throws SQLException {
    return ResultComparison.engineAllocatedBytes(basalt);
  }
}
