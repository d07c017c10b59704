package io.basalt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows of every width cross from the engine into Calcite's operators intact: one column (bare
 * values), no column (COUNT(*) under a LIMIT), several; and string literals beyond Latin-1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResultShapesTest {
  @TempDir
  static Path data;

  private Connection conn;

  @BeforeAll
  void setUp() throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("COPY (SELECT * FROM (VALUES (1, 'alpha'), (2, '中文'), (3, '😀 smile'), (4, NULL))"
          + " t(id, name)) TO '" + data.resolve("t.parquet") + "' (FORMAT parquet)");
    }
    conn = DriverManager.getConnection("jdbc:basalt:" + data);
  }

  @AfterAll
  void close() throws SQLException {
    conn.close();
  }

  private List<List<Object>> query(String sql) throws SQLException {
    try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return ResultComparison.read(rs);
    }
  }

  private static java.math.BigDecimal n(long v) {
    return java.math.BigDecimal.valueOf(v);
  }

  @Test
  void oneColumnUnderLimitAndSort() throws SQLException {
    assertEquals(List.of(List.of("alpha"), List.of("中文")),
        query("SELECT name FROM t ORDER BY id LIMIT 2"));
    assertEquals(2, query("SELECT 'x' || name FROM t LIMIT 2").size());
    assertEquals(List.of(List.of("xalpha")), query("SELECT 'x' || name FROM t WHERE id = 1 LIMIT 5"));
  }

  @Test
  void noColumnUnderLimit() throws SQLException {
    assertEquals(List.of(List.of(n(3))), query("SELECT count(*) FROM (SELECT name FROM t LIMIT 3)"));
    assertEquals(List.of(List.of(n(1)), List.of(n(1))), query("SELECT 1 FROM t LIMIT 2"));
  }

  @Test
  void unicodeLiterals() throws SQLException {
    assertEquals(List.of(List.of(n(2))), query("SELECT id FROM t WHERE name = '中文'"));
    assertEquals(List.of(List.of(n(3))), query("SELECT id FROM t WHERE name LIKE '😀%'"));
    assertEquals(List.of(List.of("中文!")), query("SELECT name || '!' FROM t WHERE id = 2"));
  }
}
