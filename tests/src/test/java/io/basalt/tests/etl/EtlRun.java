package io.basalt.tests.etl;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Runs the ETL example once, on Basalt or on DuckDB, and prints the time it took; run each under
 * {@code /usr/bin/time -v} for peak RSS (see {@code tests/etl-acceptance.sh}).
 *
 * <pre>java ... io.basalt.tests.etl.EtlRun basalt|duckdb DATA_DIR OUTPUT_DIR MEMORY_LIMIT THREADS</pre>
 *
 * {@code compare BASALT_OUTPUT DUCKDB_OUTPUT} instead reads both outputs with DuckDB and exits 1
 * unless they hold the same rows (processing time aside).
 */
public final class EtlRun {
  private EtlRun() {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 3 && args[0].equals("compare")) {
      try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
          Statement s = duck.createStatement();
          ResultSet rs = s.executeQuery(EtlExample.difference(args[1], args[2]))) {
        rs.next();
        long differing = rs.getLong(1);
        System.out.printf("compare: %d output rows, %d differing%n", rs.getLong(2), differing);
        System.exit(differing == 0 && rs.getLong(2) > 0 ? 0 : 1);
      }
    }
    if (args.length != 5) {
      System.err.println("usage: EtlRun basalt|duckdb DATA_DIR OUTPUT_DIR MEMORY_LIMIT THREADS | compare OUT1 OUT2");
      System.exit(2);
    }
    String engine = args[0];
    Path data = Path.of(args[1]).toAbsolutePath();
    Path output = Path.of(args[2]).toAbsolutePath();
    String memory = args[3];
    String threads = args[4];
    long start = System.nanoTime();
    long rows;
    if (engine.equals("basalt")) {
      try (Connection c = DriverManager.getConnection(
              "jdbc:basalt:" + data + ";memory_limit=" + memory + ";threads=" + threads);
          Statement s = c.createStatement()) {
        rows = s.executeUpdate(EtlExample.basalt("orders_*.csv", output.toString()));
      }
    } else {
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
          Statement s = c.createStatement()) {
        s.execute("SET memory_limit = '" + memory + "'");
        s.execute("SET threads = " + threads);
        s.execute("SET preserve_insertion_order = false");
        s.execute(EtlExample.duckdb(data.resolve("orders_*.csv").toString(), output.toString()));
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet('" + output
            + "/**/*.parquet')")) {
          rs.next();
          rows = rs.getLong(1);
        }
      }
    }
    System.out.printf("%s: %d rows written to %s in %.1f s%n", engine, rows, output,
        (System.nanoTime() - start) / 1e9);
  }
}
