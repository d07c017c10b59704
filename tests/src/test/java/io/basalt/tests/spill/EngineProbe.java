package io.basalt.tests.spill;

import io.basalt.tests.ResultComparison;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one query in Basalt or in DuckDB in a JVM of its own, so that a test can measure each
 * engine's peak resident memory under the same memory_limit: writes the answer ({@link
 * ResultComparison#read} rows, Java-serialized) to a file and prints {@code MS|elapsed}. With an
 * answer file named {@code *.sum} it keeps no rows: it writes the row count and a hash of every
 * value in row order (for results too large to hold, such as a sort of 50 M rows).
 *
 * <p>Arguments: {@code basalt|duckdb}, the data folder, memory_limit, threads, spill folder, the
 * file with the SQL, the answer file. DuckDB gets one view per {@code <table>.parquet} file.
 */
public final class EngineProbe {
  private EngineProbe() {}

  public static void main(String[] args) throws Exception {
    String engine = args[0];
    Path data = Path.of(args[1]);
    String limit = args[2];
    int threads = Integer.parseInt(args[3]);
    Path spill = Path.of(args[4]);
    String sql = Files.readString(Path.of(args[5]));
    Path answer = Path.of(args[6]);
    boolean duck = engine.equals("duckdb");
    String url = duck ? "jdbc:duckdb:" : "jdbc:basalt:" + data + ";threads=" + threads
        + ";memory_limit=" + limit + ";spill_dir=" + spill;
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      if (duck) {
        s.execute("SET threads = " + threads);
        s.execute("SET memory_limit = '" + limit + "'");
        s.execute("SET temp_directory = '" + spill + "'");
        try (var files = Files.list(data)) {
          for (Path f : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
            String table = f.getFileName().toString().replace(".parquet", "");
            s.execute("CREATE VIEW " + table + " AS SELECT * FROM read_parquet('" + f + "')");
          }
        }
        sql = sql.replace("day (3)", "day").replace("char_length(", "length(");
      }
      long start = System.nanoTime();
      Object result;
      try (ResultSet rs = s.executeQuery(sql)) {
        result = answer.toString().endsWith(".sum") ? checksum(rs)
            : new ArrayList<>(ResultComparison.read(rs));
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      try (OutputStream out = Files.newOutputStream(answer);
          ObjectOutputStream o = new ObjectOutputStream(out)) {
        o.writeObject(result);
      }
      System.out.println("MS|" + ms);
    }
  }

  /**
   * {@code [rows, hash]} of a result in row order; numbers enter as their exact decimal value, so
   * both engines' representations of one value hash alike.
   */
  private static ArrayList<Long> checksum(ResultSet rs) throws SQLException {
    int n = rs.getMetaData().getColumnCount();
    long rows = 0;
    long hash = 17;
    while (rs.next()) {
      rows++;
      for (int j = 1; j <= n; j++) {
        Object v = rs.getObject(j);
        String text;
        if (v == null) {
          text = "\u0000null";
        } else if (v instanceof Number num) {
          text = new BigDecimal(num.toString()).stripTrailingZeros().toPlainString();
        } else {
          text = v.toString();
        }
        hash = hash * 1_000_003 + text.hashCode();
      }
    }
    return new ArrayList<>(List.of(rows, hash));
  }
}
