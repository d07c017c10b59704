package io.basalt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.cli.tpch.TpchParquetGenerator;
import io.basalt.cli.tpch.TpchQueries;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The foundation's acceptance test: TPC-H SF 0.01 generated here, all 22 queries through Basalt's
 * JDBC driver, each answer equal to DuckDB's on the same Parquet files, and no query leaves a byte
 * of engine memory allocated.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TpchDuckDbComparisonTest {
  @TempDir
  static Path data;

  private Connection basalt;
  private Connection duckdb;

  @BeforeAll
  void setUp() throws Exception {
    TpchParquetGenerator.generate(0.01, data);
    basalt = DriverManager.getConnection("jdbc:basalt:" + data + ";threads=2;memory_limit=1GB");
    duckdb = DuckDbViews.tpch(data);
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

  static IntStream queries() {
    return IntStream.rangeClosed(1, TpchQueries.COUNT);
  }

  /**
   * DuckDB rejects the interval leading-field precision the specification writes in Q1 ({@code
   * interval '90' day (3)}); it means the same as {@code interval '90' day}. Basalt runs the text
   * unchanged.
   */
  static String forDuckDb(String sql) {
    return sql.replace("day (3)", "day");
  }

  @ParameterizedTest(name = "Q{0}")
  @MethodSource("queries")
  void answerEqualsDuckDb(int q) throws Exception {
    String sql = TpchQueries.text(q);
    List<List<Object>> expected = ResultComparison.query(duckdb, forDuckDb(sql));
    List<List<Object>> actual = ResultComparison.query(basalt, sql);
    ResultComparison.assertSameAnswer("Q" + q, expected, actual, TpchQueries.isOrdered(q));
    long leaked = ResultComparison.engineAllocatedBytes(basalt);
    assertEquals(0, leaked, "Q" + q + " left engine memory allocated");
  }

  /**
   * Every TPC-H query runs natively: the plan has no row-at-a-time operator (EXPLAIN marks those
   * {@code [fallback: ...]}), and no Enumerable node other than the root's converter to JDBC rows.
   */
  @ParameterizedTest(name = "Q{0}")
  @MethodSource("queries")
  void planHasNoFallback(int q) throws Exception {
    StringBuilder plan = new StringBuilder();
    try (Statement s = basalt.createStatement();
        ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + TpchQueries.text(q))) {
      while (rs.next()) {
        plan.append(rs.getString(1)).append('\n');
      }
    }
    String text = plan.toString();
    assertFalse(text.contains("fallback"), "Q" + q + " has a fallback node:\n" + text);
    assertFalse(text.replace("VecToEnumerableConverter", "").contains("Enumerable"),
        "Q" + q + " has an Enumerable node:\n" + text);
    assertTrue(text.startsWith("VecToEnumerableConverter"), "Q" + q + ":\n" + text);
  }
}
