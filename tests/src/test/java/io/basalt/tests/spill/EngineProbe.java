package io.basalt.tests.spill;

import io.basalt.tests.ResultComparison;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one query in Basalt or in DuckDB in a JVM of its own, so that a test can measure each
 * engine's peak resident memory under the same memory_limit: writes the answer ({@link
 * ResultComparison#read} rows, Java-serialized) to a file and prints {@code MS|elapsed}.
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
        sql = sql.replace("day (3)", "day");
      }
      long start = System.nanoTime();
      List<List<Object>> rows;
      try (ResultSet rs = s.executeQuery(sql)) {
        rows = ResultComparison.read(rs);
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      try (OutputStream out = Files.newOutputStream(answer);
          ObjectOutputStream o = new ObjectOutputStream(out)) {
        o.writeObject(new ArrayList<>(rows));
      }
      System.out.println("MS|" + ms);
    }
  }
}
