package io.basalt.engine.format.parquet.write;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Test helper: runs DuckDB queries over written files and returns rows as strings. */
final class DuckDb implements AutoCloseable {
  private final Connection connection;

  DuckDb() throws SQLException {
    connection = DriverManager.getConnection("jdbc:duckdb:");
  }

  static String quote(Path file) {
    return "'" + file.toString().replace("'", "''") + "'";
  }

  /** All rows; each row is its columns as {@link ResultSet#getString} (null stays null). */
  List<List<String>> rows(String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>(columns);
        for (int c = 1; c <= columns; c++) {
          row.add(rs.getString(c));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  String single(String sql) throws SQLException {
    List<List<String>> rows = rows(sql);
    assertTrue(rows.size() == 1 && rows.get(0).size() == 1, "one value expected from " + sql);
    return rows.get(0).get(0);
  }

  /** Runs {@code sql} and hands the open result set to {@code consumer}. */
  void query(String sql, ResultSetConsumer consumer) throws Exception {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      consumer.accept(rs);
    }
  }

  @FunctionalInterface
  interface ResultSetConsumer {
    void accept(ResultSet rs) throws Exception;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
