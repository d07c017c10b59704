package io.basalt.tests.tpch;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.Locale;

/**
 * Runs the 22 TPC-H queries through any JDBC URL and writes each answer to {@code qNN.tsv} plus
 * {@code times.tsv} (milliseconds), using only the JDK, so it can run with nothing but Basalt's
 * shaded driver jar on the classpath (the SF 1 acceptance check; see the README).
 *
 * <p>Usage: {@code AnswerDump <jdbc-url> <out-dir> <queries-dir> [init-sql-file]}; the init file's
 * statements (one per line) run first, e.g. DuckDB views over the Parquet files. {@code
 * -Dqueries=1,6} runs only those queries.
 */
public final class AnswerDump {
  private AnswerDump() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    Path out = Path.of(args[1]);
    Path queries = Path.of(args[2]);
    Files.createDirectories(out);
    try (Connection c = DriverManager.getConnection(url);
        PrintWriter times = new PrintWriter(Files.newBufferedWriter(out.resolve("times.tsv")))) {
      if (args.length > 3) {
        try (Statement s = c.createStatement()) {
          for (String line : Files.readAllLines(Path.of(args[3]))) {
            if (!line.isBlank()) {
              s.execute(line);
            }
          }
        }
      }
      for (int q = 1; q <= 22; q++) {
        if (!selected(q)) {
          continue;
        }
        String sql = Files.readString(queries.resolve(String.format("q%02d.sql", q))).trim();
        if (url.startsWith("jdbc:duckdb:")) {
          sql = sql.replace("day (3)", "day"); // DuckDB rejects the leading-field precision.
        }
        long start = System.nanoTime();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql);
            PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve(String.format("q%02d.tsv", q))))) {
          ResultSetMetaData md = rs.getMetaData();
          while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= md.getColumnCount(); i++) {
              if (i > 1) {
                row.append('\t');
              }
              row.append(text(rs, i, md.getColumnType(i)));
            }
            w.println(row);
          }
        } catch (Exception e) {
          System.err.println("Q" + q + " failed: " + e);
          times.println(q + "\tERROR");
          continue;
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        times.println(q + "\t" + ms);
        times.flush();
        System.out.printf(Locale.ROOT, "Q%02d %8d ms%n", q, ms);
      }
    }
  }

  /** System property {@code queries=1,3,6} restricts the run to those queries (default: all). */
  private static boolean selected(int q) {
    String list = System.getProperty("queries");
    if (list == null || list.isBlank()) {
      return true;
    }
    for (String part : list.split(",")) {
      if (part.trim().equals(String.valueOf(q))) {
        return true;
      }
    }
    return false;
  }

  private static String text(ResultSet rs, int i, int type) throws Exception {
    Object v = rs.getObject(i);
    if (v == null) {
      return "NULL";
    }
    if (v instanceof Number) {
      return new BigDecimal(rs.getString(i).trim()).stripTrailingZeros().toPlainString();
    }
    if (type == java.sql.Types.DATE) {
      return rs.getDate(i).toLocalDate().toString();
    }
    return v.toString();
  }
}
