package io.basalt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog end to end through JDBC: file tables, folder tables with hive partitions, read_parquet
 * globs, schema merging, case-insensitive names, parameters, metadata, EXPLAIN, and clear errors.
 * Files are written by DuckDB inside the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParquetTablesTest {
  @TempDir
  static Path data;

  private Connection conn;

  @BeforeAll
  void writeData() throws Exception {
    Files.createDirectories(data.resolve("events/dt=2024-01-01/region=eu"));
    Files.createDirectories(data.resolve("events/dt=2024-01-02/region=us"));
    Files.createDirectories(data.resolve("merged"));
    Files.createDirectories(data.resolve("conflict"));
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("COPY (SELECT i AS id, 'name' || i AS name, CAST(i * 1.5 AS DECIMAL(10,2)) AS amount,"
          + " DATE '2024-01-01' + CAST(i AS INTEGER) AS ship_day, CASE WHEN i % 3 = 0 THEN NULL ELSE i END AS maybe"
          + " FROM range(1, 101) t(i)) TO '" + data.resolve("items.parquet") + "' (FORMAT parquet)");
      s.execute("COPY (SELECT i AS id, i * 10 AS v FROM range(0, 5) t(i)) TO '"
          + data.resolve("events/dt=2024-01-01/region=eu/part0.parquet") + "' (FORMAT parquet)");
      s.execute("COPY (SELECT i AS id, i * 10 AS v FROM range(5, 12) t(i)) TO '"
          + data.resolve("events/dt=2024-01-02/region=us/part0.parquet") + "' (FORMAT parquet)");
      s.execute("COPY (SELECT 1 AS a, 'x' AS b) TO '" + data.resolve("merged/f1.parquet") + "' (FORMAT parquet)");
      s.execute("COPY (SELECT 2 AS a, 3.5::DOUBLE AS c) TO '" + data.resolve("merged/f2.parquet") + "' (FORMAT parquet)");
      s.execute("COPY (SELECT 1 AS a) TO '" + data.resolve("conflict/f1.parquet") + "' (FORMAT parquet)");
      s.execute("COPY (SELECT 'one' AS a) TO '" + data.resolve("conflict/f2.parquet") + "' (FORMAT parquet)");
      s.execute("COPY (SELECT [1, 2] AS tags, {'k': 1} AS st, 42 AS x) TO '"
          + data.resolve("nested.parquet") + "' (FORMAT parquet)");
    }
    Files.writeString(data.resolve("notparquet.parquet"), "this is just text, not a parquet file\n");
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

  private Object scalar(String sql) throws SQLException {
    return query(sql).get(0).get(0);
  }

  @Test
  void fileTableWithTypesAndNulls() throws SQLException {
    assertEquals(new BigDecimal(100), scalar("select count(*) from items"));
    assertEquals(new BigDecimal(33), scalar("select count(*) from items where maybe is null"));
    assertEquals(new BigDecimal("7575.00"), scalar("select sum(amount) from items"));
    assertEquals(LocalDate.of(2024, 1, 11), scalar("select ship_day from items where id = 10"));
    assertEquals("name42", scalar("select name from items where id = 42"));
  }

  @Test
  void identifiersAreCaseInsensitive() throws SQLException {
    assertEquals(new BigDecimal(100), scalar("SELECT COUNT(*) FROM ITEMS WHERE ID > 0"));
    assertEquals(new BigDecimal(100), scalar("select count(Id) from Items"));
  }

  @Test
  void folderTableWithHivePartitions() throws SQLException {
    List<List<Object>> rows = query("select dt, region, count(*), sum(v) from events group by dt, region order by dt");
    assertEquals(2, rows.size());
    assertEquals(List.of(LocalDate.of(2024, 1, 1), "eu", new BigDecimal(5), new BigDecimal(100)), rows.get(0));
    assertEquals(List.of(LocalDate.of(2024, 1, 2), "us", new BigDecimal(7), new BigDecimal(560)), rows.get(1));
  }

  @Test
  void readParquetGlob() throws SQLException {
    assertEquals(new BigDecimal(12), scalar("select count(*) from table(read_parquet('events/*/*/*.parquet'))"));
    assertEquals(new BigDecimal(100), scalar("select count(*) from table(read_parquet('items.parquet'))"));
    assertEquals(new BigDecimal(7), scalar("select count(*) from table(read_parquet('events/**/region=us/*.parquet'))"));
    // Without the TABLE(...) wrapper, as DuckDB writes it, with an alias and in a join.
    assertEquals(new BigDecimal(12), scalar("select count(*) from read_parquet('events/*/*/*.parquet')"));
    assertEquals(new BigDecimal(4), scalar("select count(*) from read_parquet('events/dt=2024-01-01/*/*.parquet') e"
        + " join items i on e.id = i.id"));
    assertEquals(new BigDecimal(100), scalar("select count(*) from (select * from read_parquet('items.parquet')) t"));
  }

  @Test
  void schemasMergeByName() throws SQLException {
    List<List<Object>> rows = query("select a, b, c from merged order by a");
    assertEquals(2, rows.size());
    assertEquals(new BigDecimal(1), rows.get(0).get(0));
    assertEquals("x", rows.get(0).get(1));
    assertEquals(null, rows.get(0).get(2));
    assertEquals(null, rows.get(1).get(1));
    assertEquals(0, new BigDecimal("3.5").compareTo((BigDecimal) rows.get(1).get(2)));
  }

  @Test
  void typeConflictAcrossFilesIsAClearError() {
    SQLException e = assertThrows(SQLException.class, () -> query("select * from conflict"));
    assertTrue(ErrorMessages.of(e).contains("column 'a' has type"), ErrorMessages.of(e));
    assertTrue(ErrorMessages.of(e).contains("f2.parquet"), ErrorMessages.of(e));
  }

  @Test
  void nestedColumnsAreRefusedButOtherColumnsWork() throws SQLException {
    assertEquals(new BigDecimal(42), scalar("select x from nested"));
    SQLException e = assertThrows(SQLException.class, () -> query("select tags from nested"));
    assertTrue(ErrorMessages.of(e).contains("not supported yet: column tags"), ErrorMessages.of(e));
  }

  @Test
  void missingTableAndNonParquetFileAreClearErrors() {
    SQLException missing = assertThrows(SQLException.class, () -> query("select * from nosuch"));
    assertTrue(ErrorMessages.of(missing).contains("nosuch"), ErrorMessages.of(missing));
    SQLException text = assertThrows(SQLException.class, () -> query("select * from notparquet"));
    assertTrue(ErrorMessages.of(text).contains("notparquet.parquet"), ErrorMessages.of(text));
  }

  @Test
  void preparedStatementParameters() throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(
        "select count(*) from items where id > ? and ship_day < ? and name <> ? and amount >= ?")) {
      ps.setInt(1, 10);
      ps.setObject(2, LocalDate.of(2024, 2, 1));
      ps.setString(3, "name20");
      ps.setBigDecimal(4, new BigDecimal("0"));
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(19, rs.getLong(1));
      }
      ps.setInt(1, 90);
      ps.setObject(2, LocalDate.of(2030, 1, 1));
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(10, rs.getLong(1));
      }
    }
  }

  @Test
  void resultSetGettersAndMetadata() throws SQLException {
    try (Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("select id, name, amount, ship_day, maybe from items where id = 3")) {
      ResultSetMetaData md = rs.getMetaData();
      assertEquals(5, md.getColumnCount());
      assertEquals("id", md.getColumnLabel(1));
      assertEquals(Types.BIGINT, md.getColumnType(1));
      assertEquals(Types.VARCHAR, md.getColumnType(2));
      assertEquals(Types.DECIMAL, md.getColumnType(3));
      assertEquals(10, md.getPrecision(3));
      assertEquals(2, md.getScale(3));
      assertEquals(Types.DATE, md.getColumnType(4));
      assertTrue(rs.next());
      assertEquals(3L, rs.getLong("id"));
      assertEquals("name3", rs.getString(2));
      assertEquals(new BigDecimal("4.50"), rs.getBigDecimal(3));
      assertEquals(LocalDate.of(2024, 1, 4), rs.getObject(4, LocalDate.class));
      assertEquals("2024-01-04", rs.getString(4));
      assertEquals(0, rs.getInt(5));
      assertTrue(rs.wasNull());
      assertFalse(rs.next());
    }
  }

  @Test
  void databaseMetaDataListsTablesAndColumns() throws SQLException {
    DatabaseMetaData md = conn.getMetaData();
    List<String> tables = new ArrayList<>();
    try (ResultSet rs = md.getTables(null, "basalt", "%", null)) {
      while (rs.next()) {
        tables.add(rs.getString("TABLE_NAME"));
      }
    }
    assertTrue(tables.containsAll(List.of("items", "events", "merged")), tables.toString());
    List<String> columns = new ArrayList<>();
    try (ResultSet rs = md.getColumns(null, "basalt", "items", "%")) {
      while (rs.next()) {
        columns.add(rs.getString("COLUMN_NAME") + ":" + rs.getInt("DATA_TYPE"));
      }
    }
    assertEquals(List.of("id:" + Types.BIGINT, "name:" + Types.VARCHAR, "amount:" + Types.DECIMAL,
        "ship_day:" + Types.DATE, "maybe:" + Types.BIGINT), columns);
    try (ResultSet rs = md.getSchemas()) {
      List<String> schemas = new ArrayList<>();
      while (rs.next()) {
        schemas.add(rs.getString("TABLE_SCHEM"));
      }
      assertTrue(schemas.contains("basalt"), schemas.toString());
    }
  }

  @Test
  void explainShowsTheScanAndItsColumns() throws SQLException {
    StringBuilder plan = new StringBuilder();
    try (Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("explain plan for select name from items where id = 5")) {
      while (rs.next()) {
        plan.append(rs.getString(1)).append('\n');
      }
    }
    assertTrue(plan.toString().contains("VecTableScan"), plan.toString());
    // Every row-at-a-time Calcite operator is marked as a fallback; the native scan is not.
    for (String line : plan.toString().split("\n")) {
      if (line.stripLeading().startsWith("Enumerable")) {
        assertTrue(line.endsWith("[fallback: row-at-a-time]"), line);
      }
      if (line.contains("VecTableScan")) {
        assertFalse(line.contains("fallback"), line);
      }
    }
    // The filter and projection run natively too, as a compiled VecCalc.
    assertTrue(plan.toString().contains("VecCalc"), plan.toString());
    assertFalse(plan.toString().contains("fallback"), plan.toString());
    assertTrue(plan.toString().contains("columns=[[id, name]]") || plan.toString().contains("columns=[id, name]"),
        plan.toString());
  }

}
