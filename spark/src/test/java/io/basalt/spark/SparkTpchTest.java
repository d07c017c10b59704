package io.basalt.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.cli.tpch.TpchParquetGenerator;
import io.basalt.cli.tpch.TpchQueries;
import io.basalt.tests.DuckDbViews;
import io.basalt.tests.ResultComparison;
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
 * The Spark round trip: TPC-H SF 0.01 generated here, each of the 22 queries through {@code
 * jdbc:basalt:...;engine=spark;spark_master=local[2]}, its answer equal to Basalt's local engine's
 * and to DuckDB's on the same files. One SparkSession serves the whole suite (and the JVM).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkTpchTest {
  @TempDir
  static Path data;

  private Connection spark;
  private Connection local;
  private Connection duckdb;

  /** Where Spark runs, as the connection's settings: here, in the test JVM. */
  String sparkTarget() throws Exception {
    return "spark_master=local[2]";
  }

  @BeforeAll
  void setUp() throws Exception {
    TpchParquetGenerator.generate(0.01, data);
    spark = DriverManager.getConnection("jdbc:basalt:" + data + ";engine=spark;" + sparkTarget());
    local = DriverManager.getConnection("jdbc:basalt:" + data + ";threads=2");
    duckdb = DuckDbViews.tpch(data);
  }

  @AfterAll
  void tearDown() throws Exception {
    for (Connection c : new Connection[] {spark, local, duckdb}) {
      if (c != null) {
        c.close();
      }
    }
  }

  static IntStream queries() {
    return IntStream.rangeClosed(1, TpchQueries.COUNT);
  }

  @ParameterizedTest(name = "Q{0}")
  @MethodSource("queries")
  void sparkAnswerEqualsLocalAndDuckDb(int q) throws Exception {
    String sql = TpchQueries.text(q);
    String plan = explain(sql);
    assertTrue(plan.startsWith("Engine: spark (engine=spark, " + sparkTarget() + ")"), plan);
    List<List<Object>> onSpark = ResultComparison.query(spark, sql);
    List<List<Object>> onLocal = ResultComparison.query(local, sql);
    List<List<Object>> onDuckDb = ResultComparison.query(duckdb, sql.replace("day (3)", "day"));
    ResultComparison.assertSameAnswer("Q" + q + " spark vs local", onLocal, onSpark,
        TpchQueries.isOrdered(q));
    ResultComparison.assertSameAnswer("Q" + q + " spark vs DuckDB", onDuckDb, onSpark,
        TpchQueries.isOrdered(q));
  }

  private String explain(String sql) throws Exception {
    StringBuilder plan = new StringBuilder();
    try (Statement s = spark.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      while (rs.next()) {
        plan.append(rs.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }
}
