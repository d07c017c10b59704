package io.basalt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
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
 * Joins through Basalt's JDBC driver against DuckDB on the same generated Parquet files: every
 * outer join type with NULL keys, multi-column and string keys, EXISTS / NOT EXISTS, IN / NOT IN
 * (with and without NULLs in the sub-query), and plans that use the engine's hash join.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JoinDuckDbComparisonTest {
  @TempDir
  static Path data;

  private Connection basalt;
  private Connection duckdb;

  @BeforeAll
  void setUp() throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("SELECT setseed(0.42)");
      // a: 5000 rows; keys k (NULL 5%), k2, a string key and a date.
      s.execute("COPY (SELECT i AS id, CASE WHEN random() < 0.05 THEN NULL ELSE"
          + " CAST(floor(random() * 800) AS INTEGER) END AS k, CAST(i % 3 AS INTEGER) AS k2,"
          + " 'name-' || CAST(i % 500 AS VARCHAR) AS s, DATE '2020-01-01' + CAST(i % 90 AS INTEGER)"
          + " AS d, CAST(i * 0.25 AS DECIMAL(12,2)) AS amount FROM range(0, 5000) t(i)) TO '"
          + data.resolve("a.parquet") + "' (FORMAT parquet)");
      // b: 3000 rows over a wider key range (unmatched on both sides), some NULL keys.
      s.execute("COPY (SELECT i AS bid, CASE WHEN random() < 0.05 THEN NULL ELSE"
          + " CAST(floor(random() * 1200) AS INTEGER) END AS k, CAST(i % 4 AS INTEGER) AS k2,"
          + " CASE WHEN i % 7 = 0 THEN NULL ELSE 'name-' || CAST(i % 700 AS VARCHAR) END AS s,"
          + " CAST(i AS BIGINT) * 3 AS w FROM range(0, 3000) t(i)) TO '"
          + data.resolve("b.parquet") + "' (FORMAT parquet)");
      // c: small lookup without NULL keys; cnull: the same with one NULL key.
      s.execute("COPY (SELECT CAST(i * 3 AS INTEGER) AS k FROM range(0, 200) t(i)) TO '"
          + data.resolve("c.parquet") + "' (FORMAT parquet)");
      s.execute("COPY (SELECT CASE WHEN i = 5 THEN NULL ELSE CAST(i * 3 AS INTEGER) END AS k"
          + " FROM range(0, 200) t(i)) TO '" + data.resolve("cnull.parquet") + "' (FORMAT parquet)");
    }
    basalt = DriverManager.getConnection("jdbc:basalt:" + data + ";threads=2;memory_limit=1GB");
    duckdb = DuckDbViews.open(data, List.of("a", "b", "c", "cnull"));
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
        "select a.id, b.bid, a.k from a join b on a.k = b.k",
        "select a.id, b.bid from a join b on a.k = b.k and a.k2 = b.k2",
        "select a.id, b.bid, b.w from a left join b on a.k = b.k",
        "select a.id, b.bid, a.k, b.k from a right join b on a.k = b.k",
        "select a.id, b.bid, a.k, b.k from a full join b on a.k = b.k",
        "select a.id, b.bid from a full join b on a.k = b.k and a.k2 = b.k2",
        "select a.id, b.bid from a join b on a.s = b.s",
        "select a.id, b.bid, b.s from a left join b on a.s = b.s and a.k2 = b.k2",
        "select count(*), sum(b.w), min(a.d) from a join b on a.k = b.k",
        "select a.id from a where exists (select 1 from b where b.k = a.k)",
        "select a.id from a where not exists (select 1 from b where b.k = a.k)",
        "select a.id from a where a.k in (select k from c)",
        "select a.id from a where a.k not in (select k from c)",
        "select a.id from a where a.k not in (select k from cnull)",
        "select b.bid from b where b.s in (select s from a)",
        "select c.k, count(a.id) from c left join a on a.k = c.k group by c.k",
        "select a.id, c.k from a, c where a.k = c.k and a.d > DATE '2020-02-01'",
        "select a.id, b.bid from a join b on a.k = b.k join c on c.k = b.k",
        // Keys of different types: Calcite casts them; integers of any width join directly.
        "select a.id, b.bid from a join b on a.k = b.w",
        "select a.id, b.bid from a join b on a.amount = b.k",
        // Correlated EXISTS / NOT EXISTS / IN as semi and anti joins with residual conditions,
        // hashing either side (c is small: its side is built), NULL keys on both sides.
        "select a.id from a where exists (select 1 from b where b.k = a.k and b.k2 <> a.k2)",
        "select a.id from a where not exists (select 1 from b where b.k = a.k and b.k2 <> a.k2"
            + " and b.w > 900)",
        "select c.k from c where exists (select 1 from a where a.k = c.k and a.k2 <> 1)",
        "select cnull.k from cnull where not exists (select 1 from a where a.k = cnull.k"
            + " and a.d > DATE '2020-02-01')",
        "select cnull.k from cnull where exists (select 1 from a where a.k = cnull.k)"
            + " and not exists (select 1 from b where b.k = cnull.k and b.k2 = 1)",
        "select c.k from c where c.k in (select a.k from a where a.k2 = 1 and a.id > c.k)",
        "select a.id, a.k from a where exists (select 1 from b where b.k = a.k and b.bid < 0)",
        "select a.id from a where not exists (select 1 from b where b.k = a.k and b.bid < 0)",
        "select b.bid from b where exists (select 1 from a where a.s = b.s and a.k2 = b.k2)",
        "select a.id from a where (a.k, a.k2) in (select k, k2 from b) and a.id % 2 = 0",
        "select a.k2, count(*) from a where a.k in (select k from b where b.w > 3000)"
            + " and exists (select 1 from c where c.k = a.k) group by a.k2",
        // Runtime filters (build keys sent to the probe side's scan) through every operator
        // they may pass, and past the ones they must not: outer joins on either side, grouped
        // aggregates, a LIMIT and a window below the join, the same table on both branches.
        "select x.id, c.k from (select a.id, a.k from a left join b on a.k = b.k) x"
            + " join c on x.k = c.k",
        "select x.bid, c.k from (select b.bid, b.k from a right join b on a.k = b.k) x"
            + " join c on x.k = c.k",
        "select x.id, x.bk from (select a.id, b.k as bk from a left join b on a.k = b.k) x"
            + " join c on x.bk = c.k",
        "select g.k, g.n from (select k, count(*) as n from a group by k) g join c on g.k = c.k",
        "select t.id from (select id, k from a order by id limit 300) t join c on t.k = c.k",
        "select t.id, t.rn from (select id, k, row_number() over (order by id) as rn from a) t"
            + " join c on t.k = c.k",
        "select a1.id, a2.id from a a1 join a a2 on a1.k = a2.k join c on a2.k = c.k"
            + " where a1.id < 200",
        "select a.id, a.d from a join (select distinct d from a where id < 40) x on a.d = x.d",
        "select b.bid from b join (select w from b where bid < 10) x on b.w = x.w",
        "select c.k from c join a on c.k = a.k where a.id < 0",
        "select count(*) from a join c on a.k = c.k join b on b.k = a.k and b.k2 = a.k2",
        // ORs across joined tables: each table gets the OR of its own constraints (a only when
        // every branch constrains it), and the original OR still decides.
        "select a.id, b.bid from a join b on a.k = b.k where (a.k2 = 1 and b.k2 = 2)"
            + " or (a.k2 = 2 and b.w > 6000) or (b.k2 = 3 and b.s is null)",
        "select a.id, b.bid from a, b where a.k = b.k and ((a.s = 'name-7' and b.k2 = 1)"
            + " or (a.s = 'name-9' and b.k2 = 2 and b.w < 3000))");
  }

  @ParameterizedTest
  @MethodSource("queries")
  void answerEqualsDuckDb(String sql) throws Exception {
    List<List<Object>> expected = ResultComparison.query(duckdb, sql);
    List<List<Object>> actual = ResultComparison.query(basalt, sql);
    ResultComparison.assertSameAnswer(sql, expected, actual, false);
    long leaked = ResultComparison.engineAllocatedBytes(basalt);
    assertEquals(0, leaked, sql + " left engine memory allocated");
  }

  static String explain(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      StringBuilder sb = new StringBuilder();
      while (rs.next()) {
        sb.append(rs.getString(1)).append('\n');
      }
      return sb.toString();
    }
  }

  @Test
  void equiJoinsRunAsVecHashJoin() throws Exception {
    for (String sql : List.of("select a.id, b.bid from a join b on a.k = b.k",
        "select a.id, b.bid from a full join b on a.k = b.k and a.k2 = b.k2",
        "select a.id, b.bid from a left join b on a.s = b.s")) {
      String plan = explain(basalt, sql);
      assertTrue(plan.contains("VecHashJoin"), plan);
      assertTrue(!plan.contains("EnumerableHashJoin") && !plan.contains("EnumerableMergeJoin")
          && !plan.contains("EnumerableNestedLoopJoin"), plan);
    }
  }

  /**
   * EXPLAIN ANALYZE shows the join's own counters (build rows: c has 200) and the runtime filter:
   * c's keys reach a's scan, which drops the rows whose k is not among them before the join sees
   * them (a has 5000 rows, about a quarter of them with a key of c).
   */
  @Test
  void explainAnalyzeShowsBuildRowsAndRuntimeFilter() throws Exception {
    String text;
    try (Statement s = basalt.createStatement();
        ResultSet rs = s.executeQuery("EXPLAIN ANALYZE select a.id from a join c on a.k = c.k")) {
      assertTrue(rs.next());
      text = rs.getString(1);
    }
    assertTrue(text.contains("VecHashJoin"), text);
    assertTrue(text.contains("build rows=200"), text);
    assertTrue(text.contains("runtime filters=1"), text);
    java.util.regex.Matcher probe = java.util.regex.Pattern.compile("probe rows=(\\d+)")
        .matcher(text);
    assertTrue(probe.find(), text);
    long probed = Long.parseLong(probe.group(1));
    assertTrue(probed > 0 && probed < 2500, "the scan should have dropped unmatched keys: " + text);
  }

  /** The same join without runtime filters probes every row of a: the filter is what cut them. */
  @Test
  void outerJoinPreservedSideIsNotFiltered() throws Exception {
    String text;
    try (Statement s = basalt.createStatement();
        ResultSet rs = s.executeQuery(
            "EXPLAIN ANALYZE select a.id, c.k from a left join c on a.k = c.k")) {
      assertTrue(rs.next());
      text = rs.getString(1);
    }
    assertTrue(!text.contains("runtime filters="), text);
  }
}
