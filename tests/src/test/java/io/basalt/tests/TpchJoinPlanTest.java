package io.basalt.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.basalt.cli.tpch.TpchParquetGenerator;
import io.basalt.cli.tpch.TpchQueries;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TPC-H plans: no equi-join of the 22 queries falls back to Calcite's row-at-a-time hash join.
 * (Joins whose residual needs the kernel compiler are allowed to until it lands: their plans
 * show EnumerableHashJoin only when the residual is present.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TpchJoinPlanTest {
  private static final java.util.regex.Pattern NON_EQUI =
      java.util.regex.Pattern.compile("(<>|<|>|<=|>=|OR|LIKE|SEARCH)\\(");

  @TempDir
  static Path data;

  private Connection basalt;

  @BeforeAll
  void setUp() throws Exception {
    TpchParquetGenerator.generate(0.001, data);
    basalt = DriverManager.getConnection("jdbc:basalt:" + data + ";threads=2");
  }

  @AfterAll
  void tearDown() throws Exception {
    basalt.close();
  }

  static java.util.stream.IntStream queries() {
    return java.util.stream.IntStream.rangeClosed(1, TpchQueries.COUNT);
  }

  @ParameterizedTest(name = "Q{0}")
  @MethodSource("queries")
  void plan(int q) throws Exception {
    String plan = JoinDuckDbComparisonTest.explain(basalt, TpchQueries.text(q));
    for (String line : plan.split("\n")) {
      if (line.contains("EnumerableHashJoin") || line.contains("EnumerableMergeJoin")
          || line.contains("EnumerableNestedLoopJoin")) {
        // Only a join with a non-equi part may still fall back (kernel compiler pending).
        assertFalse(!NON_EQUI.matcher(line).find(), "Q" + q + " equi-join fell back:\n" + plan);
      }
    }
  }

  /**
   * An OR over two nations (Q7) or over part and lineitem (Q19) also filters each table by the
   * OR of its own constraints, so the scans shrink before the joins.
   */
  /**
   * Q2's minimum cost per part and Q20's per-(part, supplier) quantity sums join a few filtered
   * rows: the joins must hash those rows, not the aggregates, so that their keys filter the scans
   * under the aggregates. (Q20 hashed all its sums while LIKE 'forest%' was guessed at 25%; both
   * hashed the aggregate while its group count was guessed at a tenth of its input.)
   */
  @ParameterizedTest(name = "Q{0}")
  @org.junit.jupiter.params.provider.ValueSource(ints = {2, 20})
  void joinsOfAnAggregateHashTheOtherSide(int q) throws Exception {
    String plan = JoinDuckDbComparisonTest.explain(basalt, TpchQueries.text(q));
    String[] lines = plan.split("\\n");
    int checked = 0;
    for (int i = 0; i + 1 < lines.length; i++) {
      if (lines[i].contains("VecHashJoin") && lines[i + 1].contains("VecAggregate")) {
        org.junit.jupiter.api.Assertions.assertTrue(lines[i].contains("build=[right]"), plan);
        checked++;
      }
    }
    org.junit.jupiter.api.Assertions.assertEquals(1, checked, plan);
  }

  /**
   * In Q2 the hashed side's part keys reach the partsupp scan under the aggregate although the
   * hashed side scans partsupp too: the aggregate sees only the hashed parts' rows, so it has no
   * more groups than the join hashed rows.
   */
  @Test
  void q2RuntimeFilterReachesTheScanUnderTheAggregate(@TempDir Path sf001) throws Exception {
    TpchParquetGenerator.generate(0.01, sf001); // at 0.001 no part passes Q2's filter
    StringBuilder plan = new StringBuilder();
    try (Connection c = DriverManager.getConnection("jdbc:basalt:" + sf001 + ";threads=2");
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery("EXPLAIN ANALYZE " + TpchQueries.text(2))) {
      while (rs.next()) {
        plan.append(rs.getString(1)).append('\n');
      }
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "VecHashJoin\\(condition=\\[AND.*\\n.*?build rows=(\\d+).*\\n\\s*VecAggregate.*\\n.*?groups=(\\d+)")
        .matcher(plan);
    org.junit.jupiter.api.Assertions.assertTrue(m.find(), plan.toString());
    org.junit.jupiter.api.Assertions.assertTrue(Long.parseLong(m.group(1)) > 0, plan.toString());
    org.junit.jupiter.api.Assertions.assertTrue(
        Long.parseLong(m.group(2)) <= Long.parseLong(m.group(1)), plan.toString());
  }

  @Test
  void orsReachEachTable() throws Exception {
    String q7 = JoinDuckDbComparisonTest.explain(basalt, TpchQueries.text(7));
    long nations = q7.lines().filter(l -> l.contains("TableScan(table=[[basalt, nation]]")
        && l.contains("n_name IN ('FRANCE', 'GERMANY')")).count();
    org.junit.jupiter.api.Assertions.assertEquals(2, nations, q7);
    String q19 = JoinDuckDbComparisonTest.explain(basalt, TpchQueries.text(19));
    org.junit.jupiter.api.Assertions.assertTrue(q19.lines().anyMatch(
        l -> l.contains("TableScan(table=[[basalt, part]]") && l.contains("Brand#12")), q19);
  }

  /**
   * EXISTS, NOT EXISTS and IN become semi and anti joins that read each table once per mention
   * in the SQL text: Q21 names lineitem three times and orders once (Calcite's decorrelation
   * scanned them five and four times), Q4 each table once, Q22 customer twice and orders once.
   */
  @ParameterizedTest(name = "Q{0}")
  @org.junit.jupiter.params.provider.CsvSource({"21, lineitem, 3, semi", "21, orders, 1, anti",
      "4, lineitem, 1, semi", "4, orders, 1, semi", "22, orders, 1, anti",
      "22, customer, 2, anti", "18, lineitem, 2, semi"})
  void subQueriesReadEachTableOnce(int q, String table, int scans, String joinType)
      throws Exception {
    String plan = JoinDuckDbComparisonTest.explain(basalt, TpchQueries.text(q));
    long found = plan.lines()
        .filter(l -> l.contains("TableScan(table=[[basalt, " + table + "]]")).count();
    org.junit.jupiter.api.Assertions.assertEquals(scans, found,
        "Q" + q + " scans of " + table + ":\n" + plan);
    org.junit.jupiter.api.Assertions.assertTrue(plan.contains("joinType=[" + joinType + "]"),
        plan);
  }
}
