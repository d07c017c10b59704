package io.basalt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine settings without the basalt-spark module on the classpath (as the core driver's
 * users have it): {@code engine=local} by default, {@code SET}/{@code RESET}, EXPLAIN's engine
 * line, {@code auto} staying local with its reason, and clear errors for {@code engine=spark} and
 * bad values.
 */
class EngineSettingsTest {
  @TempDir
  static Path data;

  @BeforeAll
  static void writeTable() throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("COPY (SELECT i AS id FROM range(10) r(i)) TO '" + data.resolve("t.parquet")
          + "' (FORMAT parquet)");
    }
  }

  private static String explain(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      assertTrue(rs.next());
      return rs.getString(1);
    }
  }


  @Test
  void localByDefaultAndExplainUnchanged() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:basalt:" + data);
        Statement s = c.createStatement()) {
      assertTrue(explain(s, "SELECT id FROM t").startsWith("VecToEnumerableConverter"));
    }
  }

  @Test
  void autoStaysLocalAndSaysWhy() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:basalt:" + data + ";engine=auto");
        Statement s = c.createStatement()) {
      String plan = explain(s, "SELECT id FROM t");
      assertTrue(plan.startsWith("Engine: local (engine=auto: Spark is not configured (no "
          + "spark_master or spark_remote))\nVecToEnumerableConverter"), plan);
      s.execute("SET spark_master = 'local[2]'");
      plan = explain(s, "SELECT id FROM t");
      assertTrue(plan.startsWith("Engine: local (engine=auto: the basalt-spark module is not on "
          + "the classpath)"), plan);
      try (ResultSet rs = s.executeQuery("SELECT SUM(id) FROM t")) {
        assertTrue(rs.next());
        assertEquals(45, rs.getLong(1));
      }
      s.execute("RESET engine");
      assertTrue(explain(s, "SELECT id FROM t").startsWith("VecToEnumerableConverter"));
    }
  }

  @Test
  void sparkWithoutTheModuleIsAClearError() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:basalt:" + data);
        Statement s = c.createStatement()) {
      s.execute("SET engine = spark");
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT id FROM t"));
      assertTrue(ErrorMessages.of(e).contains("engine=spark needs the basalt-spark module"), ErrorMessages.of(e));
      s.execute("SET engine = 'local'");
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
        assertTrue(rs.next());
        assertEquals(10, rs.getLong(1));
      }
    }
  }

  @Test
  void badValuesNameTheSettingAndItsValues() throws Exception {
    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection("jdbc:basalt:" + data + ";engine=fast"));
    assertTrue(e.getMessage().contains("invalid engine=fast: expected local, spark or auto"),
        e.getMessage());
    e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
        "jdbc:basalt:" + data + ";spark_remote=http://host:15002"));
    assertTrue(e.getMessage().contains("sc://host:15002"), e.getMessage());
    e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
        "jdbc:basalt:" + data + ";spark_threshold=50%"));
    assertTrue(e.getMessage().contains("invalid spark_threshold=50%"), e.getMessage());
    try (Connection c = DriverManager.getConnection("jdbc:basalt:" + data);
        Statement s = c.createStatement()) {
      e = assertThrows(SQLException.class, () -> s.execute("SET wibble = 1"));
      assertTrue(ErrorMessages.of(e).contains("unknown setting 'wibble'") && ErrorMessages.of(e).contains(
          "engine, spark_master, spark_remote, spark_threshold"), ErrorMessages.of(e));
      e = assertThrows(SQLException.class, () -> s.execute("SET spark_threshold = 'lots'"));
      assertTrue(ErrorMessages.of(e).contains("invalid spark_threshold=lots"), ErrorMessages.of(e));
      assertFalse(explain(s, "SELECT id FROM t").startsWith("Engine:"));
    }
  }
}
