package io.basalt.tests.spill;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Runs SQL through the Basalt driver in a JVM of its own, so that a test can start it with the
 * heap and direct-memory caps it wants and measure the process's peak memory. Prints every row as
 * {@code ROW|v1|v2...}, then {@code MS|elapsed} per statement.
 *
 * <p>Arguments: the JDBC URL's tail (data folder and properties), then the statements.
 */
public final class SpillProbe {
  private SpillProbe() {}

  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:basalt:" + args[0])) {
      for (int i = 1; i < args.length; i++) {
        long start = System.nanoTime();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(args[i])) {
          int n = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            StringBuilder sb = new StringBuilder("ROW");
            for (int j = 1; j <= n; j++) {
              sb.append('|').append(rs.getString(j));
            }
            System.out.println(sb);
          }
        }
        System.out.println("MS|" + (System.nanoTime() - start) / 1_000_000);
      }
    }
  }
}
