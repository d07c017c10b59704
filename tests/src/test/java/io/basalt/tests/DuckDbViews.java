package io.basalt.tests;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** An in-memory DuckDB with a view per Parquet file, the reference the comparison tests ask. */
public final class DuckDbViews {
  /** The eight TPC-H tables, each a {@code <name>.parquet} file as the generator writes them. */
  public static final List<String> TPCH_TABLES = List.of(
      "lineitem", "orders", "customer", "part", "partsupp", "supplier", "nation", "region");

  private DuckDbViews() {}

  /** A new DuckDB connection with a view {@code t} over {@code dir/t.parquet} for each table. */
  public static Connection open(Path dir, List<String> tables) throws SQLException {
    Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = duckdb.createStatement()) {
      for (String t : tables) {
        s.execute("create view " + t + " as select * from read_parquet('"
            + dir.resolve(t + ".parquet").toString().replace("'", "''") + "')");
      }
    } catch (SQLException e) {
      duckdb.close();
      throw e;
    }
    return duckdb;
  }

  /** {@link #open} with the TPC-H tables. */
  public static Connection tpch(Path dir) throws SQLException {
    return open(dir, TPCH_TABLES);
  }
}
