package io.basalt.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.tests.ResultComparison;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SQL beyond TPC-H through {@code engine=spark}, each answer equal to the local engine's, with the
 * same JDBC column types: every column type, NULLs, a hive-partitioned table, windows, set
 * operations, string and date functions, LIMIT/OFFSET, sub-queries and an empty result.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkRoundTripTest {
  @TempDir
  static Path data;

  private Connection spark;
  private Connection local;

  /** Where Spark runs, as the connection's settings: here, in the test JVM. */
  String sparkTarget() throws Exception {
    return "spark_master=local[2]";
  }

  @BeforeAll
  void setUp() throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("COPY (SELECT i AS id, CAST(i AS INTEGER) AS n, "
          + "CASE WHEN i % 5 = 0 THEN NULL ELSE i * 2.5 END AS score, "
          + "CAST(i * 1.25 AS DECIMAL(15,2)) AS price, "
          + "CASE WHEN i % 4 = 0 THEN NULL ELSE 'name ' || i || ' — é' END AS name, "
          + "DATE '2024-01-01' + CAST(i AS INTEGER) AS day, "
          + "TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (i) MINUTE AS ts, i % 3 = 0 AS flag, "
          + "CASE WHEN i % 2 = 0 THEN 'east' ELSE 'west' END AS region "
          + "FROM range(200) r(i)) TO '" + data.resolve("events")
          + "' (FORMAT parquet, PARTITION_BY (region))");
    }
    spark = DriverManager.getConnection("jdbc:basalt:" + data + ";engine=spark;" + sparkTarget());
    local = DriverManager.getConnection("jdbc:basalt:" + data);
  }

  @AfterAll
  void tearDown() throws Exception {
    for (Connection c : new Connection[] {spark, local}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @org.junit.jupiter.api.Test
  void parametersOfEveryTypeBindAsLocally() throws Exception {
    String sql = "SELECT id, name, price FROM events WHERE id > ? AND (price < ? AND (day >= ?"
        + " AND (ts < ? AND (name <> ? OR name IS NULL)))) AND flag = ? AND score IS DISTINCT FROM ?"
        + " ORDER BY id";
    List<List<Object>> expected = bound(local, sql);
    assertEquals(expected, bound(spark, sql));
    assertTrue(expected.size() > 10, expected.toString());
  }

  private static List<List<Object>> bound(Connection c, String sql) throws Exception {
    try (java.sql.PreparedStatement p = c.prepareStatement(sql)) {
      p.setInt(1, 3);
      p.setBigDecimal(2, new java.math.BigDecimal("150.00"));
      p.setDate(3, java.sql.Date.valueOf("2024-01-02"));
      p.setTimestamp(4, java.sql.Timestamp.valueOf("2024-01-01 02:00:00"));
      p.setString(5, "name 7 — é");
      p.setBoolean(6, false);
      p.setNull(7, java.sql.Types.DOUBLE);
      try (ResultSet rs = p.executeQuery()) {
        return ResultComparison.read(rs);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT * FROM events ORDER BY id",
      "SELECT region, COUNT(*), COUNT(name), COUNT(DISTINCT n % 7), SUM(price), MIN(day), MAX(ts),"
          + " AVG(score) FROM events GROUP BY region ORDER BY region",
      "SELECT id, ROW_NUMBER() OVER (PARTITION BY region ORDER BY id DESC) AS rn,"
          + " SUM(price) OVER (PARTITION BY region ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW),"
          + " LAG(name) OVER (ORDER BY id), RANK() OVER (ORDER BY n % 10) FROM events ORDER BY id",
      "SELECT n FROM events WHERE n < 20 UNION ALL SELECT n FROM events WHERE n > 190 ORDER BY 1",
      "SELECT n % 10 FROM events INTERSECT SELECT n % 4 FROM events ORDER BY 1",
      "SELECT n % 10 FROM events EXCEPT SELECT n % 4 FROM events ORDER BY 1",
      "SELECT id, CASE WHEN score > 100 THEN 'high' WHEN score IS NULL THEN 'none' ELSE 'low' END,"
          + " COALESCE(name, '?'), UPPER(name), LOWER(region), TRIM('  ' || region || '  '),"
          + " SUBSTRING(name FROM 2 FOR 3), CHAR_LENGTH(name), POSITION('1' IN name),"
          + " REPLACE(name, 'name', 'n'), name LIKE 'name 1%', region || '/' || CAST(id AS VARCHAR)"
          + " FROM events ORDER BY id",
      "SELECT id, EXTRACT(YEAR FROM day), EXTRACT(MONTH FROM day), EXTRACT(DAY FROM day),"
          + " day + INTERVAL '1' MONTH, day - INTERVAL '3' DAY, CAST(ts AS DATE), EXTRACT(HOUR FROM ts)"
          + " FROM events ORDER BY id",
      "SELECT id, price * 3, price / 7, price + n, -price, ABS(price - 100), MOD(n, 7), score * 2,"
          + " CAST(price AS DOUBLE) / 3, n / 4, price / 0.3 FROM events ORDER BY id",
      "SELECT id FROM events ORDER BY price DESC, id LIMIT 7 OFFSET 5",
      "SELECT id FROM events WHERE region = 'east' AND day BETWEEN DATE '2024-02-01' AND DATE '2024-03-01'"
          + " ORDER BY id",
      "SELECT id FROM events WHERE id IN (1, 3, 5, 250) OR name IN ('name 7 — é')",
      "SELECT COUNT(*) FROM events e WHERE n NOT IN (SELECT n * 2 FROM events WHERE name IS NOT NULL)",
      "SELECT id, (SELECT MAX(price) FROM events f WHERE f.region = e.region) FROM events e"
          + " WHERE id < 5 ORDER BY id",
      "SELECT region, day, SUM(price) FROM events GROUP BY ROLLUP(region, day) ORDER BY 1, 2 LIMIT 20",
      "SELECT * FROM events WHERE id < 0",
      "SELECT flag, COUNT(*) FILTER (WHERE score > 50), MAX(flag), SUM(n) FROM events GROUP BY flag",
      "SELECT a.id, b.id FROM events a LEFT JOIN events b ON a.id = b.id + 190 WHERE a.id < 15"
          + " ORDER BY a.id",
      "SELECT a.id, b.id FROM events a FULL JOIN (SELECT * FROM events WHERE id > 190) b"
          + " ON a.id = b.id - 10 WHERE a.id IS NULL OR a.id > 185 ORDER BY 1, 2",
      "SELECT COUNT(*) FROM read_parquet('events/**/*.parquet') WHERE region = 'west'",
      "SELECT id, CAST(name AS VARCHAR(6)) || '|', CAST(name AS CHAR(12)) || '|',"
          + " CAST(id * 1000 AS VARCHAR(3)), (n - 100) / 7, -n / 3, id * 1000000000000003 / 7,"
          + " CAST(region AS CHAR(2)) FROM events ORDER BY id",
      "SELECT id, 'C:\\new\\' || name, 'it''s ' || region, 'a\\%b' LIKE 'a\\%b',"
          + " name LIKE '%\\%', 'x\\y' LIKE 'x\\_' FROM events ORDER BY id",
      "SELECT id, CAST(price AS INTEGER), CAST(-price AS BIGINT), CAST(score AS BIGINT),"
          + " CAST(-score AS INTEGER), CAST(price / 3 AS SMALLINT) FROM events ORDER BY id",
      "SELECT id, SUBSTRING(name FROM 0 FOR 3), SUBSTRING(name FROM -1 FOR 3),"
          + " SUBSTRING(name FROM n - 100 FOR 4), SUBSTRING(name FROM n - 150), SUBSTRING(name, 2)"
          + " FROM events ORDER BY id",
      "SELECT id, FLOOR(score), CEIL(score * 1e18), FLOOR(-score / 7), CEIL(price) FROM events"
          + " ORDER BY id",
      "SELECT id, CAST(flag AS VARCHAR), CAST(flag AS VARCHAR(3)), CAST(id > 5 AS CHAR(5)) || '|'"
          + " FROM events ORDER BY id",
      "SELECT id, FLOOR(ts TO MONTH), ts - INTERVAL '1 02:03' DAY TO MINUTE, CAST(FLOOR(ts TO DAY)"
          + " AS DATE) FROM events ORDER BY id",
      "SELECT name, score FROM events ORDER BY score DESC, name",
      "SELECT name FROM events ORDER BY name NULLS FIRST"
  })
  void answerAndTypesEqualTheLocalEngines(String sql) throws Exception {
    List<List<Object>> expected = ResultComparison.query(local, sql);
    List<List<Object>> actual = ResultComparison.query(spark, sql);
    ResultComparison.assertSameAnswer(sql, expected, actual, sql.contains("ORDER BY"));
    assertEquals(types(local, sql), types(spark, sql), sql);
    try (Statement s = spark.createStatement();
        ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      assertTrue(rs.next() && rs.getString(1).startsWith("Engine: spark"), sql);
    }
  }

  private static String types(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      StringBuilder sb = new StringBuilder();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        sb.append(md.getColumnTypeName(i)).append('(').append(md.getPrecision(i)).append(',')
            .append(md.getScale(i)).append(") ");
      }
      while (rs.next()) {
        for (int i = 1; i <= md.getColumnCount(); i++) {
          Object v = rs.getObject(i);
          sb.append(v == null ? "null" : v.getClass().getSimpleName()).append(' ');
        }
        break; // the first row's Java classes
      }
      return sb.toString();
    }
  }
}
