package io.basalt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.cli.tpch.TpchParquetGenerator;
import java.nio.file.Files;
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
 * In-process connections: unrestricted by default, confined by {@code sandbox=true} or {@code
 * allowed_roots}; {@code information_schema} answers.
 */
class EmbeddedSandboxTest {
  @TempDir
  static Path work;
  static Path data;
  static Path other;

  @BeforeAll
  static void setUp() throws Exception {
    data = work.resolve("data");
    other = work.resolve("other");
    TpchParquetGenerator.generate(0.001, data);
    Files.createDirectories(other);
    Files.copy(data.resolve("region.parquet"), other.resolve("r.parquet"));
    Files.writeString(other.resolve("r.csv"), "a,b\n1,2\n");
  }

  private static long count(String url, String table) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void unrestrictedByDefault() throws SQLException {
    assertEquals(5, count("jdbc:basalt:" + data, "read_parquet('../other/r.parquet')"));
  }

  @Test
  void sandboxConfinesToTheDataFolder() {
    SQLException e = assertThrows(SQLException.class,
        () -> count("jdbc:basalt:" + data + ";sandbox=true", "read_parquet('../other/r.parquet')"));
    assertTrue(String.valueOf(e.getMessage()).contains("path outside the allowed roots"),
        e.getMessage());
  }

  @Test
  void sandboxCoversReadCsvAndCopyTo() throws SQLException {
    String url = "jdbc:basalt:" + data + ";sandbox=true";
    SQLException read = assertThrows(SQLException.class,
        () -> count(url, "read_csv('../other/r.csv')"));
    assertTrue(String.valueOf(read.getMessage()).contains("path outside the allowed roots"),
        read.getMessage());
    assertEquals(1, count("jdbc:basalt:" + data, "read_csv('../other/r.csv')"));
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      SQLException write = assertThrows(SQLException.class,
          () -> s.execute("COPY (SELECT 1 AS x) TO '../other/out.parquet'"));
      assertTrue(String.valueOf(write.getMessage()).contains("path outside the allowed roots"),
          write.getMessage());
      assertTrue(Files.notExists(other.resolve("out.parquet")));
    }
    try (Connection c = DriverManager.getConnection(url + ";read_only=true");
        Statement s = c.createStatement()) {
      SQLException refused = assertThrows(SQLException.class,
          () -> s.execute("COPY (SELECT 1 AS x) TO 'inside.parquet'"));
      assertTrue(String.valueOf(refused.getMessage()).contains("read-only"), refused.getMessage());
    }
  }

  @Test
  void allowedRootsWidenTheSandbox() throws SQLException {
    String url = "jdbc:basalt:" + data + ";allowed_roots=" + other;
    assertEquals(5, count(url, "read_parquet('" + other.resolve("r.parquet") + "')"));
    assertEquals(25, count(url, "nation"));
    assertThrows(SQLException.class, () -> count(url, "read_parquet('" + work + "/*/*.parquet')"));
  }

  @Test
  void badSandboxSettingsAreErrors() {
    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection("jdbc:basalt:" + data + ";sandbox=yes").close());
    assertTrue(e.getMessage().contains("expected true or false"), e.getMessage());
    e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
        "jdbc:basalt:" + data + ";allowed_roots=" + work.resolve("missing")).close());
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void informationSchemaListsTablesAndColumns() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:basalt:" + data);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*), min(ordinal_position), max(ordinal_position)"
            + " from information_schema.columns where table_name = 'region'")) {
      rs.next();
      assertEquals(3, rs.getLong(1));
      assertEquals(1, rs.getInt(2));
      assertEquals(3, rs.getInt(3));
    }
    assertEquals(8, count("jdbc:basalt:" + data,
        "information_schema.tables where table_schema = 'basalt'"));
  }
}
