package io.basalt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.planner.PlanCache;
import io.basalt.planner.catalog.DataRootSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.calcite.jdbc.CalciteConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection's plan cache ({@link PlanCache}): the same SQL text is planned once, and any
 * change to the files a plan rests on — a table rewritten, a partition added, a table removed or
 * added, a column added — is seen by the next statement. Files are written by DuckDB.
 */
class PlanCacheTest {
  @TempDir
  Path data;

  private Connection conn;

  @BeforeEach
  void open() throws Exception {
    write("SELECT i AS id, i * 10 AS v FROM range(0, 5) t(i)", data.resolve("t.parquet"));
    Files.createDirectories(data.resolve("parts/p=1"));
    write("SELECT i AS id FROM range(0, 3) t(i)", data.resolve("parts/p=1/f.parquet"));
    conn = DriverManager.getConnection("jdbc:basalt:" + data);
  }

  @AfterEach
  void close() throws SQLException {
    conn.close();
  }

  private static void write(String select, Path file) throws SQLException {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("COPY (" + select + ") TO '" + file + "' (FORMAT parquet)");
    }
  }

  private PlanCache cache() throws SQLException {
    return conn.unwrap(CalciteConnection.class).getRootSchema()
        .getSubSchema(DataRootSchema.NAME).unwrap(DataRootSchema.class).planCache();
  }

  private List<List<Object>> query(String sql) throws SQLException {
    try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return ResultComparison.read(rs);
    }
  }

  private Object scalar(String sql) throws SQLException {
    return query(sql).get(0).get(0);
  }

  @Test
  void sameTextIsPlannedOnce() throws SQLException {
    String sql = "SELECT SUM(v) FROM t WHERE id > 1";
    assertEquals(90L, ((Number) scalar(sql)).longValue());
    long hits = cache().hits();
    assertEquals(90L, ((Number) scalar(sql)).longValue());
    assertEquals(hits + 1, cache().hits());
    // Prepared statements share it too, and keep their parameters.
    try (PreparedStatement ps = conn.prepareStatement("SELECT COUNT(*) FROM t WHERE id > ?")) {
      ps.setInt(1, 2);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertEquals(2, rs.getLong(1));
      }
    }
    try (PreparedStatement ps = conn.prepareStatement("SELECT COUNT(*) FROM t WHERE id > ?")) {
      ps.setInt(1, 0);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertEquals(4, rs.getLong(1));
      }
    }
    assertEquals(hits + 2, cache().hits());
  }

  @Test
  void rewrittenFileIsSeen() throws Exception {
    String sql = "SELECT COUNT(*), SUM(v) FROM t";
    assertEquals(List.of(5L, 100L), longs(query(sql).get(0)));
    write("SELECT i AS id, i * 100 AS v FROM range(0, 7) t(i)", data.resolve("t.parquet"));
    assertEquals(List.of(7L, 2100L), longs(query(sql).get(0)));
  }

  @Test
  void rewrittenFileOfTheSameSizeIsSeen() throws Exception {
    String sql = "SELECT SUM(v) FROM t";
    assertEquals(100L, ((Number) scalar(sql)).longValue());
    long size = Files.size(data.resolve("t.parquet"));
    write("SELECT i AS id, i * 11 AS v FROM range(0, 5) t(i)", data.resolve("t.parquet"));
    // Same shape of data: the file may well have the same size; its time or identity differs.
    assertEquals(110L, ((Number) scalar(sql)).longValue(),
        "size before " + size + ", after " + Files.size(data.resolve("t.parquet")));
  }

  @Test
  void addedColumnIsSeen() throws Exception {
    String sql = "SELECT * FROM t WHERE id = 1";
    assertEquals(2, query(sql).get(0).size());
    write("SELECT i AS id, i * 10 AS v, 'x' AS w FROM range(0, 5) t(i)", data.resolve("t.parquet"));
    assertEquals(3, query(sql).get(0).size());
  }

  @Test
  void addedPartitionIsSeen() throws Exception {
    String sql = "SELECT COUNT(*) FROM parts";
    assertEquals(3L, ((Number) scalar(sql)).longValue());
    Files.createDirectories(data.resolve("parts/p=2"));
    write("SELECT i AS id FROM range(0, 4) t(i)", data.resolve("parts/p=2/f.parquet"));
    assertEquals(7L, ((Number) scalar(sql)).longValue());
  }

  @Test
  void removedAndAddedTablesAreSeen() throws Exception {
    String sql = "SELECT COUNT(*) FROM t";
    assertEquals(5L, ((Number) scalar(sql)).longValue());
    Files.delete(data.resolve("t.parquet"));
    assertThrows(SQLException.class, () -> scalar(sql));
    // The same name as a folder: resolution follows the root's listing.
    Files.createDirectories(data.resolve("t"));
    write("SELECT i AS id, i AS v FROM range(0, 2) t(i)", data.resolve("t/a.parquet"));
    assertEquals(2L, ((Number) scalar(sql)).longValue());
  }

  @Test
  void globsAreNeverCached() throws Exception {
    String sql = "SELECT COUNT(*) FROM read_parquet('parts/*/*.parquet')";
    assertEquals(3L, ((Number) scalar(sql)).longValue());
    int size = cache().size();
    Files.createDirectories(data.resolve("parts/p=3"));
    write("SELECT i AS id FROM range(0, 6) t(i)", data.resolve("parts/p=3/f.parquet"));
    assertEquals(9L, ((Number) scalar(sql)).longValue());
    assertEquals(size, cache().size());
  }

  @Test
  void unchangedFilesKeepTheEntry() throws SQLException {
    String sql = "SELECT COUNT(*) FROM t JOIN parts ON t.id = parts.id";
    assertEquals(3L, ((Number) scalar(sql)).longValue());
    long hits = cache().hits();
    for (int i = 0; i < 3; i++) {
      assertEquals(3L, ((Number) scalar(sql)).longValue());
    }
    assertTrue(cache().hits() >= hits + 3);
  }

  private static List<Long> longs(List<Object> row) {
    return row.stream().map(v -> ((Number) v).longValue()).toList();
  }
}
