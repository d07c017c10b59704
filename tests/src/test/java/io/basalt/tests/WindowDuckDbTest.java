package io.basalt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.cli.tpch.TpchParquetGenerator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Window functions, INTERSECT and EXCEPT end to end through JDBC against DuckDB on the same
 * Parquet files: ranks with ties, running and sliding aggregates over ROWS and RANGE frames
 * (peers, offsets, partition edges), LAG/LEAD with defaults, FIRST/LAST/NTH_VALUE, NTILE, empty
 * OVER (), NULL partition and order keys, every type; EXPLAIN must show the engine's window and no
 * EnumerableWindow.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WindowDuckDbTest {
  @TempDir
  static Path data;

  private Connection basalt;
  private Connection duckdb;

  @BeforeAll
  void setUp() throws Exception {
    TpchParquetGenerator.generate(0.01, data);
    duckdb = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = duckdb.createStatement()) {
      s.execute("COPY (SELECT i AS id,"
          + " CASE WHEN i % 23 = 0 THEN NULL ELSE (i * 7) % 37 END AS p,"
          + " CASE WHEN i % 29 = 0 THEN NULL ELSE chr((97 + i % 3)::INT) END AS q,"
          + " CASE WHEN i % 11 = 0 THEN NULL ELSE ((i * 13) % 50)::INT END AS k,"
          + " ((i * 7919) % 101) - 50 AS ival,"
          + " CASE WHEN i % 13 = 0 THEN NULL ELSE ((i * 31) % 17)::BIGINT END AS lval,"
          + " CASE WHEN i % 9 = 0 THEN NULL ELSE (i % 7) * 1.5 - 4 END AS dval,"
          + " CASE WHEN i % 8 = 0 THEN NULL ELSE ((i * 13) % 2001 - 1000)::DECIMAL(12,2) / 100 END AS dc,"
          + " CASE WHEN i % 10 = 0 THEN NULL ELSE (((i * 104729) % 1000003) - 500000)::DECIMAL(30,5)"
          + "   * 1000000000000 END AS wide,"
          + " CASE WHEN i % 7 = 0 THEN NULL ELSE repeat(chr((97 + (i * 7) % 26)::INT), 1 + i % 3) END AS sval,"
          + " CASE WHEN i % 6 = 0 THEN NULL ELSE DATE '1995-01-01' + ((i * 37) % 400)::INT END AS dt,"
          + " CASE WHEN i % 5 = 0 THEN NULL ELSE TIMESTAMP '2000-01-01 00:00:00'"
          + "   + to_microseconds(((i * 7777777) % 100000000)::BIGINT * 1000) END AS ts,"
          + " CASE WHEN i % 4 = 0 THEN NULL ELSE i % 3 = 0 END AS b"
          + " FROM range(0, 6000) r(i)) TO '" + data.resolve("t.parquet")
          + "' (FORMAT PARQUET, ROW_GROUP_SIZE 1024)");
      s.execute("create view t as select * from read_parquet('" + data.resolve("t.parquet") + "')");
      for (String table : List.of("lineitem", "orders", "nation")) {
        s.execute("create view " + table + " as select * from read_parquet('"
            + data.resolve(table + ".parquet") + "')");
      }
    }
    basalt = DriverManager.getConnection("jdbc:basalt:" + data + ";threads=2;memory_limit=1GB");
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

  @AfterEach
  void noLeak() throws Exception {
    long leaked = ResultComparison.engineAllocatedBytes(basalt);
    assertEquals(0, leaked, "engine memory left allocated");
  }

  private void assertSameAnswer(String sql) throws Exception {
    List<List<Object>> expected = ResultComparison.query(duckdb, sql);
    List<List<Object>> actual = ResultComparison.query(basalt, sql);
    assertTrue(!expected.isEmpty() || sql.contains("WHERE id < 0"), "empty reference: " + sql);
    ResultComparison.assertSameAnswer(sql, expected, actual, sql.contains("ORDER BY id LIMIT"));
  }

  private String explain(String sql) throws Exception {
    try (Statement s = basalt.createStatement();
        ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      StringBuilder sb = new StringBuilder();
      while (rs.next()) {
        sb.append(rs.getString(1)).append('\n');
      }
      return sb.toString();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // ranks with ties and NULL keys, NULL partitions
      "SELECT id, ROW_NUMBER() OVER (PARTITION BY p ORDER BY k NULLS LAST, id) AS rn,"
          + " RANK() OVER (PARTITION BY p ORDER BY k NULLS LAST) AS r,"
          + " DENSE_RANK() OVER (PARTITION BY p ORDER BY k DESC NULLS FIRST) AS dr,"
          + " PERCENT_RANK() OVER (PARTITION BY p ORDER BY k NULLS FIRST) AS pr,"
          + " CUME_DIST() OVER (PARTITION BY p ORDER BY k NULLS LAST) AS cd FROM t",
      // default frame: RANGE UNBOUNDED PRECEDING .. CURRENT ROW, peers included
      "SELECT id, SUM(ival) OVER (PARTITION BY p ORDER BY k NULLS LAST) AS s,"
          + " COUNT(lval) OVER (PARTITION BY p ORDER BY k NULLS LAST) AS c,"
          + " COUNT(*) OVER (PARTITION BY p ORDER BY k NULLS LAST) AS cs,"
          + " AVG(dval) OVER (PARTITION BY p ORDER BY k NULLS LAST) AS a,"
          + " MIN(sval) OVER (PARTITION BY p ORDER BY k NULLS LAST) AS mn,"
          + " MAX(dt) OVER (PARTITION BY p ORDER BY k NULLS LAST) AS mx FROM t",
      // sliding ROWS frames, total order
      "SELECT id, SUM(dc) OVER (PARTITION BY q ORDER BY id ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING) AS s,"
          + " AVG(ival) OVER (PARTITION BY q ORDER BY id ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) AS a,"
          + " MIN(wide) OVER (PARTITION BY q ORDER BY id ROWS BETWEEN 5 PRECEDING AND 5 FOLLOWING) AS mn,"
          + " MAX(ts) OVER (PARTITION BY q ORDER BY id ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING) AS mx,"
          + " COUNT(b) OVER (PARTITION BY q ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS c"
          + " FROM t",
      "SELECT id, SUM(dval) OVER (PARTITION BY p ORDER BY id ROWS BETWEEN 1000 PRECEDING AND 2 PRECEDING) AS s,"
          + " SUM(lval) OVER (PARTITION BY p ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS w"
          + " FROM t",
      // RANGE offset frames on an integer key with ties and NULLs
      "SELECT id, SUM(ival) OVER (PARTITION BY q ORDER BY k NULLS LAST RANGE BETWEEN 3 PRECEDING AND 2 FOLLOWING) AS s,"
          + " COUNT(*) OVER (PARTITION BY q ORDER BY k DESC NULLS FIRST RANGE BETWEEN 5 PRECEDING AND CURRENT ROW) AS c,"
          + " MAX(sval) OVER (PARTITION BY q ORDER BY k NULLS LAST RANGE BETWEEN CURRENT ROW AND 4 FOLLOWING) AS m"
          + " FROM t",
      // LAG / LEAD with offsets and defaults
      "SELECT id, LAG(sval) OVER (PARTITION BY p ORDER BY id) AS l1,"
          + " LAG(ival, 2, -1) OVER (PARTITION BY p ORDER BY id) AS l2,"
          + " LEAD(dc, 3) OVER (PARTITION BY p ORDER BY id) AS l3,"
          + " LEAD(dt, 1, dt) OVER (PARTITION BY p ORDER BY id DESC) AS l4,"
          + " LAG(b, 1, true) OVER (PARTITION BY q ORDER BY id) AS l5 FROM t",
      // FIRST/LAST/NTH_VALUE and NTILE
      "SELECT id, FIRST_VALUE(sval) OVER (PARTITION BY p ORDER BY id) AS f,"
          + " LAST_VALUE(wide) OVER (PARTITION BY p ORDER BY id ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING) AS l,"
          + " NTH_VALUE(ival, 3) OVER (PARTITION BY p ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS n,"
          + " NTILE(4) OVER (PARTITION BY p ORDER BY id) AS t4,"
          + " NTILE(500) OVER (PARTITION BY q ORDER BY id) AS t500 FROM t",
      // empty OVER (), no partition
      "SELECT id, COUNT(*) OVER () AS c, SUM(dc) OVER () AS s, MAX(sval) OVER () AS m,"
          + " ROW_NUMBER() OVER (ORDER BY id DESC) AS rn FROM t",
      // filters, empty input
      "SELECT id, RANK() OVER (PARTITION BY q ORDER BY dval NULLS LAST) AS r FROM t WHERE id % 5 = 1",
      "SELECT id, RANK() OVER (PARTITION BY q ORDER BY dval NULLS LAST) AS r FROM t WHERE id < 0",
      // over an aggregate, and TPC-H data
      "SELECT p, SUM(ival) AS s, RANK() OVER (ORDER BY SUM(ival) DESC NULLS LAST) AS r FROM t GROUP BY p",
      "SELECT l_orderkey, l_linenumber, SUM(l_extendedprice) OVER (PARTITION BY l_orderkey"
          + " ORDER BY l_linenumber) AS run_sum, AVG(l_quantity) OVER (PARTITION BY l_suppkey) AS aq"
          + " FROM lineitem",
      "SELECT id, ROW_NUMBER() OVER (PARTITION BY p ORDER BY k NULLS LAST, id) AS rn FROM t"
          + " ORDER BY id LIMIT 50"})
  void windowsEqualDuckDb(String sql) throws Exception {
    assertSameAnswer(sql);
    String plan = explain(sql);
    if (!sql.contains("WHERE id < 0")) {
      assertTrue(plan.contains("VecWindow"), plan);
    }
    assertFalse(plan.contains("EnumerableWindow"), plan);
  }

  /**
   * DISTINCT aggregates and IGNORE NULLS over every frame shape. Calcite's EnumerableWindow once
   * dropped DISTINCT silently (COUNT(DISTINCT x) OVER () counted every row), so these must run on
   * the engine. DuckDB writes IGNORE NULLS inside the parentheses: {@code f(x IGNORE NULLS) OVER}.
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT id, COUNT(DISTINCT q) OVER () AS c, COUNT(DISTINCT k) OVER (PARTITION BY q) AS ck,"
          + " SUM(DISTINCT lval) OVER (PARTITION BY p) AS s, AVG(DISTINCT dc) OVER (PARTITION BY q) AS a"
          + " FROM t",
      // running (default RANGE frame with peers) and sliding ROWS frames: values leave the frame
      "SELECT id, COUNT(DISTINCT sval) OVER (PARTITION BY p ORDER BY k NULLS LAST) AS c,"
          + " SUM(DISTINCT ival) OVER (PARTITION BY q ORDER BY id ROWS BETWEEN 4 PRECEDING AND 2 FOLLOWING) AS s,"
          + " AVG(DISTINCT lval) OVER (PARTITION BY q ORDER BY id ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS a,"
          + " SUM(DISTINCT wide) OVER (PARTITION BY p ORDER BY id ROWS BETWEEN 3 PRECEDING AND 3 FOLLOWING) AS w,"
          + " COUNT(DISTINCT dt) OVER (PARTITION BY q ORDER BY id ROWS BETWEEN CURRENT ROW AND 10 FOLLOWING) AS d"
          + " FROM t",
      "SELECT id, SUM(DISTINCT dval) OVER (PARTITION BY q ORDER BY id ROWS BETWEEN 5 PRECEDING AND 1 PRECEDING) AS s,"
          + " AVG(DISTINCT dval) OVER (PARTITION BY p ORDER BY k NULLS LAST RANGE BETWEEN 3 PRECEDING AND 2 FOLLOWING) AS a,"
          + " MIN(DISTINCT sval) OVER (PARTITION BY p) AS mn, MAX(DISTINCT dc) OVER (PARTITION BY q ORDER BY id) AS mx,"
          + " COUNT(DISTINCT b) OVER (PARTITION BY p ORDER BY id ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING) AS cb"
          + " FROM t",
      "SELECT id, FIRST_VALUE(sval) IGNORE NULLS OVER (PARTITION BY p ORDER BY id) AS f,"
          + " LAST_VALUE(dc) IGNORE NULLS OVER (PARTITION BY q ORDER BY id ROWS BETWEEN 3 PRECEDING AND 1 FOLLOWING) AS l,"
          + " NTH_VALUE(lval, 2) IGNORE NULLS OVER (PARTITION BY p ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS n,"
          + " LAST_VALUE(ts) IGNORE NULLS OVER (PARTITION BY q ORDER BY id) AS lt FROM t",
      "SELECT id, LAG(sval) IGNORE NULLS OVER (PARTITION BY p ORDER BY id) AS l1,"
          + " LAG(dt, 3, DATE '1990-01-01') IGNORE NULLS OVER (PARTITION BY q ORDER BY id) AS l3,"
          + " LEAD(wide, 2) IGNORE NULLS OVER (PARTITION BY p ORDER BY id) AS n2,"
          + " LEAD(b, 1, false) IGNORE NULLS OVER (PARTITION BY q ORDER BY id DESC) AS nb,"
          + " LAG(dval, 0) IGNORE NULLS OVER (PARTITION BY q ORDER BY id) AS l0 FROM t",
      "SELECT id, COUNT(DISTINCT q) OVER () AS c, LAG(k) IGNORE NULLS OVER (ORDER BY id) AS l"
          + " FROM t WHERE id < 0"})
  void distinctAndIgnoreNullsEqualDuckDb(String sql) throws Exception {
    String duckSql = sql.replaceAll("\\) IGNORE NULLS OVER", " IGNORE NULLS) OVER");
    List<List<Object>> expected = ResultComparison.query(duckdb, duckSql);
    List<List<Object>> actual = ResultComparison.query(basalt, sql);
    assertTrue(!expected.isEmpty() || sql.contains("WHERE id < 0"), "empty reference: " + sql);
    ResultComparison.assertSameAnswer(sql, expected, actual, false);
    String plan = explain(sql);
    assertFalse(plan.contains("EnumerableWindow"), plan);
  }

  /** A DISTINCT window the engine cannot run fails with an error instead of ignoring DISTINCT. */
  @Test
  void unsupportedDistinctWindowFailsClearly() {
    SQLException e = assertThrows(SQLException.class, () -> ResultComparison.query(basalt,
        "SELECT id, COUNT(DISTINCT INTERVAL '1' DAY * ival) OVER () FROM t"));
    assertTrue(String.valueOf(e.getMessage()).contains("not supported: window function"),
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT p, q FROM t INTERSECT SELECT p, q FROM t WHERE id % 3 = 0",
      "SELECT p, q FROM t EXCEPT SELECT p, q FROM t WHERE id % 3 = 0",
      "SELECT k FROM t EXCEPT SELECT k FROM t WHERE k > 10",
      "SELECT sval, b FROM t WHERE id < 3000 INTERSECT SELECT sval, b FROM t WHERE id >= 2000",
      "SELECT k, q FROM t INTERSECT ALL SELECT k, q FROM t WHERE id % 2 = 0",
      "SELECT k, q FROM t EXCEPT ALL SELECT k, q FROM t WHERE id % 2 = 0",
      "SELECT dc FROM t INTERSECT SELECT dc FROM t WHERE id > 100 INTERSECT SELECT dc FROM t WHERE id < 5000",
      "SELECT dval, wide, dt, ts FROM t EXCEPT ALL SELECT dval, wide, dt, ts FROM t WHERE id % 4 = 1"
          + " EXCEPT ALL SELECT dval, wide, dt, ts FROM t WHERE id % 4 = 2",
      "SELECT ival FROM t WHERE id < 0 INTERSECT SELECT ival FROM t",
      "SELECT ival FROM t EXCEPT SELECT ival FROM t WHERE id < 0",
      "SELECT lval FROM t EXCEPT ALL SELECT ival FROM t",
      "SELECT lval FROM t EXCEPT SELECT ival FROM t",
      "SELECT p, q FROM t INTERSECT ALL SELECT ival, sval FROM t",
      "SELECT p, dc, sval FROM t INTERSECT SELECT ival, dc, sval FROM t"})
  void setOperationsEqualDuckDb(String sql) throws Exception {
    assertSameAnswer(sql);
    if (!sql.contains("WHERE")) {
      // Inputs that are plain scans: the engine's set operation. With a filter below, the input
      // is row-at-a-time until the expression compiler lands, and the converters' cost can make
      // Calcite's own operator (or its aggregate rewrite) cheaper; the answer is checked above.
      // DISTINCT may also become Calcite's aggregate-over-UNION-ALL rewrite when its estimate is
      // lower; ALL has no rewrite and must be the engine's.
      String plan = explain(sql);
      if (sql.contains(" ALL ")) {
        assertTrue(plan.contains("VecIntersect") || plan.contains("VecMinus"), plan);
      } else {
        assertTrue(plan.contains("VecIntersect") || plan.contains("VecMinus")
            || plan.contains("VecUnion"), plan);
      }
      assertFalse(plan.contains("EnumerableIntersect"), plan);
      assertFalse(plan.contains("EnumerableMinus"), plan);
    }
  }
}
