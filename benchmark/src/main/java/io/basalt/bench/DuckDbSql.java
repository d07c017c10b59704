package io.basalt.bench;

/** The few rewrites DuckDB needs to run the query text Basalt runs unchanged. */
public final class DuckDbSql {
  private DuckDbSql() {}

  /**
   * DuckDB rejects the interval leading-field precision the TPC-H specification writes in Q1
   * ({@code interval '90' day (3)}); it means the same as {@code interval '90' day}.
   */
  public static String adapt(String sql) {
    return sql.replace("day (3)", "day");
  }

  /** {@code text} as an SQL string literal. */
  public static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
