package io.basalt.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.tests.ErrorMessages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the translation to Spark SQL rewrites, construct by construct, read off EXPLAIN (which
 * translates without starting Spark), and what it refuses, with the error users see.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkTranslationTest {
  @TempDir
  static Path data;

  private Connection basalt;

  @BeforeAll
  void setUp() throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("COPY (SELECT i AS id, i % 7 AS k, CAST(i * 1.25 AS DECIMAL(15,2)) AS price, "
          + "CAST(i AS DECIMAL(15,2)) AS qty, 'name ' || i AS name, DATE '2024-01-01' + CAST(i AS INTEGER) AS day, "
          + "TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (i) MINUTE AS ts, TIME '12:00:00' AS t "
          + "FROM range(100) r(i)) TO '" + data.resolve("facts.parquet") + "' (FORMAT parquet)");
    }
    Files.writeString(data.resolve("notes.csv"), "id,text\n1,a\n2,b\n");
    basalt = DriverManager.getConnection("jdbc:basalt:" + data + ";engine=spark;spark_master=local[2]");
  }

  @AfterAll
  void tearDown() throws Exception {
    basalt.close();
  }

  private String sparkSql(String query) throws SQLException {
    StringBuilder plan = new StringBuilder();
    try (Statement s = basalt.createStatement();
        ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + query)) {
      while (rs.next()) {
        plan.append(rs.getString(1)).append('\n');
      }
    }
    String text = plan.toString();
    assertTrue(text.startsWith("Engine: spark (engine=spark, spark_master=local[2])\nSpark SQL:\n"),
        text);
    return text;
  }

  @Test
  void tablesAreViewsOverTheSameFiles() throws Exception {
    String sql = sparkSql("SELECT id FROM facts");
    assertTrue(sql.matches("(?s).*FROM `basalt_facts_[0-9a-f]{16}`.*"), sql);
  }

  @Test
  void intervalLiteralsLoseTheirLeadingPrecision() throws Exception {
    String sql = sparkSql("SELECT id FROM facts WHERE day <= DATE '2024-03-01' - INTERVAL '90' DAY (3)");
    assertTrue(sql.contains("INTERVAL '90' DAY"), sql);
    assertFalse(sql.contains("DAY(3)"), sql);
  }

  @Test
  void castsUseSparkTypeNames() throws Exception {
    String sql = sparkSql("SELECT CAST(id AS VARCHAR), CAST(id AS DECIMAL(38, 2)), CAST(id AS DOUBLE), "
        + "CAST(day AS TIMESTAMP), CAST(id AS REAL) FROM facts");
    assertTrue(sql.contains("AS STRING)"), sql);
    assertTrue(sql.contains("AS DECIMAL(38,2))"), sql);
    assertTrue(sql.contains("AS DOUBLE)"), sql);
    assertTrue(sql.contains("AS TIMESTAMP_NTZ)"), sql);
    assertTrue(sql.contains("AS FLOAT)"), sql);
    assertFalse(sql.contains("`DECIMAL"), sql);
  }

  @Test
  void averagesAreTakenInDouble() throws Exception {
    String sql = sparkSql("SELECT k, AVG(price) FROM facts GROUP BY k");
    assertTrue(sql.contains("AVG(CAST (`price` AS DOUBLE))"), sql);
  }

  @Test
  void existsAndNotExistsBecomeLeftSemiAndAntiJoins() throws Exception {
    String sql = sparkSql("SELECT id FROM facts f WHERE EXISTS (SELECT 1 FROM facts g "
        + "WHERE g.k = f.id) AND NOT EXISTS (SELECT 1 FROM facts h WHERE h.id = f.k)");
    assertTrue(sql.contains("LEFT SEMI JOIN"), sql);
    assertTrue(sql.contains("LEFT ANTI JOIN"), sql);
    assertFalse(sql.contains("EXISTS"), sql);
  }

  @Test
  void aRatioOfSumsKeepsTwelveFractionalDigits() throws Exception {
    String sql = sparkSql("SELECT SUM(price) / SUM(qty) FROM facts");
    // DECIMAL(38,2) / DECIMAL(38,2): the dividend is cast to DECIMAL(38, 12 + 2).
    assertTrue(sql.contains("AS DECIMAL(38,14)) /"), sql);
    // DECIMAL(15,2) / 7: Spark would type 7 as DECIMAL(1,0) and keep 6 digits; Basalt keeps 13.
    String small = sparkSql("SELECT price / 7 FROM facts");
    assertTrue(small.contains("CAST(7 AS DECIMAL(10,0))"), small);
    assertFalse(small.contains("DECIMAL(38,"), small);
  }

  @Test
  void nullsSortAsInBasalt() throws Exception {
    // Basalt sorts NULLs last in both directions; Spark's ascending default is first.
    String sql = sparkSql("SELECT name FROM facts ORDER BY name");
    assertTrue(sql.contains("ORDER BY `name` NULLS LAST"), sql);
    // Descending, Spark's default is Basalt's: nothing to add.
    String desc = sparkSql("SELECT name FROM facts ORDER BY name DESC");
    assertTrue(desc.contains("ORDER BY `name` DESC\n") && !desc.contains("NULLS FIRST"), desc);
  }

  @Test
  void ordinalsMeanColumnPositionsWhateverTheClusterSays() throws Exception {
    // Calcite writes ORDER BY 2 for an unnamed aggregate; with spark.sql.orderByOrdinal off (a
    // cluster default) Spark would sort by the constant 2, silently. Basalt's session sets it on.
    String sql = sparkSql("SELECT k, COUNT(*) FROM facts GROUP BY k ORDER BY 2 DESC, 1");
    assertTrue(sql.contains("ORDER BY 2 DESC"), sql);
    var settings = new io.basalt.planner.offload.EngineSettings.Snapshot(
        io.basalt.planner.offload.EngineChoice.SPARK, "local[2]", null, Long.MAX_VALUE);
    org.apache.spark.sql.SparkSession session = SparkSessions.forSettings(settings);
    assertEquals("true", session.conf().get("spark.sql.orderByOrdinal"));
    assertEquals("true", session.conf().get("spark.sql.groupByOrdinal"));
    assertEquals("UTC", session.conf().get("spark.sql.session.timeZone"));
    // The application's default session keeps its own settings.
    org.apache.spark.sql.SparkSession.getDefaultSession().get().conf()
        .set("spark.sql.orderByOrdinal", "false");
    try (Statement s = basalt.createStatement();
        ResultSet rs = s.executeQuery("SELECT k, COUNT(*) FROM facts GROUP BY k ORDER BY 2, 1")) {
      // k = 0 and 1 have 15 of the 100 rows, the others 14; sorting by a constant 2 would put
      // k = 0 first.
      assertTrue(rs.next());
      assertEquals(14, rs.getLong(2));
      assertEquals(2, rs.getLong(1));
    } finally {
      org.apache.spark.sql.SparkSession.getDefaultSession().get().conf()
          .set("spark.sql.orderByOrdinal", "true");
    }
  }

  @Test
  void integerQuotientsUseSparksIntegralDivision() throws Exception {
    // Spark's / of two integers is a DOUBLE (3.5, and digits lost beyond 2^53); DIV truncates.
    String sql = sparkSql("SELECT id / 7, (id - 100) / k, CAST(id AS DOUBLE) / 7 FROM facts");
    assertTrue(sql.contains("`id` DIV 7"), sql);
    assertTrue(sql.contains("(`id` - 100) DIV `k`"), sql);
    assertTrue(sql.contains("CAST(`id` AS DOUBLE) / 7"), sql);
  }

  @Test
  void boundedTextCastsTruncateAndPad() throws Exception {
    String sql = sparkSql("SELECT CAST(id AS VARCHAR(2)), CAST(id AS CHAR(6)), CAST(id AS VARCHAR)"
        + " FROM facts");
    assertTrue(sql.contains("SUBSTRING(CAST(`id` AS STRING), 1, 2)"), sql);
    assertTrue(sql.contains("RPAD(CAST(`id` AS STRING), 6, ' ')"), sql);
    // Unbounded: nothing to truncate.
    assertTrue(sql.contains(", CAST(`id` AS STRING)\nFROM"), sql);
  }

  @Test
  void stringLiteralsKeepTheirBackslashesAndQuotes() throws Exception {
    String sql = sparkSql("SELECT id FROM facts WHERE name = 'C:\\new' OR name = 'it''s'"
        + " OR name LIKE 'a\\%'");
    assertTrue(sql.contains("'C:\\\\new'"), sql);
    assertTrue(sql.contains("'it\\'s'"), sql);
    // Spark's LIKE escapes with a backslash by default; Basalt's pattern has none.
    assertTrue(sql.contains("LIKE REPLACE('a\\\\%', '\\\\', '\\\\\\\\')"), sql);
  }

  @Test
  void constructsWithoutAFaithfulSparkFormAreRefusedByName() {
    Map<String, String> refused = Map.of(
        "SELECT id FROM facts WHERE name SIMILAR TO 'name [0-9]+'", "SIMILAR TO",
        "SELECT OCTET_LENGTH(name) FROM facts", "OCTET_LENGTH",
        "SELECT INITCAP(name) FROM facts", "INITCAP",
        "SELECT EXTRACT(EPOCH FROM ts) FROM facts", "EXTRACT(EPOCH",
        "SELECT CAST(CAST(id AS DOUBLE) AS VARCHAR) FROM facts", "CAST of DOUBLE to text",
        "SELECT TIMESTAMPDIFF(DAY, day, DATE '2024-06-30') FROM facts", "engine=local");
    refused.forEach((query, name) -> {
      SQLException e = assertThrows(SQLException.class, () -> sparkSql(query), query);
      assertTrue(ErrorMessages.of(e).contains(name) && ErrorMessages.of(e).contains("engine=local"), ErrorMessages.of(e));
    });
  }

  @Test
  void parametersBindByTheirPlaceInTheSparkSql() throws Exception {
    String query = "SELECT id, name, price FROM facts WHERE ? < id AND name <> ? AND day >= ?"
        + " AND price < ? AND ts < ? AND id <> ? ORDER BY id";
    try (Connection local = DriverManager.getConnection("jdbc:basalt:" + data)) {
      List<String> expected = run(local, query);
      List<String> actual = run(basalt, query);
      assertEquals(expected, actual);
      assertEquals(List.of("11|name 11|13.75", "12|name 12|15.00", "14|name 14|17.50"), actual);
    }
    // LIMIT ? is refused (under engine=auto it runs locally).
    SQLException e = assertThrows(SQLException.class,
        () -> basalt.prepareStatement("SELECT id FROM facts ORDER BY id LIMIT ?"));
    assertTrue(ErrorMessages.of(e).contains("does not take ? parameters in LIMIT or OFFSET"), ErrorMessages.of(e));
  }

  @Test
  void markersInLiteralsAndNamesAreNotParameters() {
    assertEquals("SELECT '?', `a?`, :p1 FROM t WHERE x = 'it\\'s ?' AND y = :p0",
        SparkSqlTranslator.namedMarkers(
            "SELECT '?', `a?`, ? FROM t WHERE x = 'it\\'s ?' AND y = ?", List.of(1, 0)));
  }

  private static List<String> run(Connection c, String query) throws SQLException {
    try (java.sql.PreparedStatement p = c.prepareStatement(query)) {
      p.setInt(1, 10);
      p.setString(2, "name 16");
      p.setDate(3, java.sql.Date.valueOf("2024-01-12"));
      p.setBigDecimal(4, new java.math.BigDecimal("20.00"));
      p.setTimestamp(5, java.sql.Timestamp.valueOf("2024-01-01 00:15:00"));
      p.setLong(6, 13);
      List<String> rows = new java.util.ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          rows.add(rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getBigDecimal(3));
        }
      }
      return rows;
    }
  }

  @Test
  void csvTablesAreRefusedByName() {
    SQLException e = assertThrows(SQLException.class, () -> sparkSql("SELECT * FROM notes"));
    assertTrue(ErrorMessages.of(e).contains("engine=spark reads Parquet tables only")
        && ErrorMessages.of(e).contains("notes") && ErrorMessages.of(e).contains("engine=local"), ErrorMessages.of(e));
  }

  @Test
  void typesSparkCannotReturnAreRefused() {
    SQLException e = assertThrows(SQLException.class, () -> sparkSql("SELECT t FROM facts"));
    assertTrue(ErrorMessages.of(e).contains("cannot return column t of type TIME"), ErrorMessages.of(e));
    // Read but not returned: refused by name too.
    e = assertThrows(SQLException.class,
        () -> sparkSql("SELECT id FROM facts WHERE t > TIME '11:00:00'"));
    assertTrue(ErrorMessages.of(e).contains("cannot read column t of basalt.facts: Spark has no TIME type"),
        ErrorMessages.of(e));
  }

  @Test
  void tablesWithColumnsSparkCannotTypeServeTheOtherColumns() throws Exception {
    // facts has a TIME column, which Spark cannot read: its view leaves it out.
    try (Statement s = basalt.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(id) FROM facts")) {
      assertTrue(rs.next());
      assertEquals(100, rs.getLong(1));
      assertEquals(4950, rs.getLong(2));
    }
  }

}
