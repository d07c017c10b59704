package io.basalt.engine.format.parquet;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Test helper: writes Parquet files with DuckDB and reads them back through DuckDB as the oracle. */
final class DuckDbFiles implements AutoCloseable {
  private final Connection connection;

  DuckDbFiles() throws SQLException {
    connection = DriverManager.getConnection("jdbc:duckdb:");
    execute("SET TimeZone = 'UTC'");
  }

  void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Writes {@code select} to {@code file} with the given COPY options (without FORMAT). */
  Path write(Path file, String select, String options) throws SQLException {
    String extra = options.isEmpty() ? "" : ", " + options;
    execute("COPY (" + select + ") TO '" + file + "' (FORMAT parquet" + extra + ")");
    return file;
  }

  /** Rows of {@code sql} as Strings (String.valueOf of getObject; null stays null). */
  List<List<String>> query(String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        List<String> row = new ArrayList<>(meta.getColumnCount());
        for (int c = 1; c <= meta.getColumnCount(); c++) {
          Object value = rs.getObject(c);
          row.add(value == null ? null : value instanceof java.math.BigDecimal
              ? ((java.math.BigDecimal) value).toPlainString() : String.valueOf(value));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
