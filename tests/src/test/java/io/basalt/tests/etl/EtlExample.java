package io.basalt.tests.etl;

/**
 * The README's ETL example, shared by the test and the acceptance run: many CSV files → filter +
 * group by → a processing-timestamp column → hive-partitioned Parquet.
 */
public final class EtlExample {
  private EtlExample() {}

  /** Basalt's statement; {@code input} is a glob relative to the data folder, {@code output} a path. */
  public static String basalt(String input, String output) {
    return "COPY (\n"
        + "  SELECT region, CAST(order_ts AS DATE) AS order_day, count(*) AS orders,\n"
        + "         sum(quantity) AS items, sum(amount) AS revenue,\n"
        + "         CURRENT_TIMESTAMP AS processed_at\n"
        + "  FROM read_csv('" + input + "')\n"
        + "  WHERE status = 'shipped'\n"
        + "  GROUP BY region, CAST(order_ts AS DATE)\n"
        + ") TO '" + output + "' (FORMAT parquet, PARTITION_BY (region), OVERWRITE)";
  }

  /** DuckDB's statement for the same answer (amount read as DECIMAL(18,2), as Basalt infers it). */
  public static String duckdb(String inputGlob, String output) {
    return "COPY (\n"
        + "  SELECT region, CAST(order_ts AS DATE) AS order_day, count(*) AS orders,\n"
        + "         sum(quantity) AS items, sum(amount) AS revenue,\n"
        + "         CURRENT_TIMESTAMP AS processed_at\n"
        + "  FROM read_csv('" + inputGlob + "', types = {'amount': 'DECIMAL(18,2)'})\n"
        + "  WHERE status = 'shipped'\n"
        + "  GROUP BY region, CAST(order_ts AS DATE)\n"
        + ") TO '" + output + "' (FORMAT parquet, PARTITION_BY (region), OVERWRITE)";
  }

  /**
   * Rows of one output but not the other (both read by DuckDB, the processing time left out);
   * zero means equal answers.
   */
  public static String difference(String basaltOutput, String duckdbOutput) {
    String a = "SELECT region, order_day, orders, items, revenue FROM read_parquet('" + basaltOutput
        + "/**/*.parquet', hive_partitioning = true)";
    String b = "SELECT region, order_day, orders, items, revenue FROM read_parquet('" + duckdbOutput
        + "/**/*.parquet', hive_partitioning = true)";
    return "SELECT (SELECT count(*) FROM (" + a + " EXCEPT ALL " + b + ")) + (SELECT count(*) FROM (" + b
        + " EXCEPT ALL " + a + ")) AS differing, (SELECT count(*) FROM (" + a + ")) AS rows";
  }
}
