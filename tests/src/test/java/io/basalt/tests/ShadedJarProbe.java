package io.basalt.tests;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Enumeration;

/**
 * Run by {@link ShadedJarTest} in a separate JVM whose class path is only the shaded driver jar
 * and this one class: {@code ShadedJarProbe URL SQL_FILE...} prints which drivers accept the URL
 * and then each query's answer as {@link #dump} text. Uses nothing but the JDK, and has no nested
 * classes, so that copying this one class file is enough.
 */
public final class ShadedJarProbe {
  private ShadedJarProbe() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    StringBuilder accepting = new StringBuilder();
    for (Enumeration<Driver> drivers = DriverManager.getDrivers(); drivers.hasMoreElements(); ) {
      Driver driver = drivers.nextElement();
      if (driver.acceptsURL(url)) {
        accepting.append(driver.getClass().getName()).append(' ');
      }
    }
    System.out.println("drivers accepting the URL: " + accepting.toString().strip());
    try (Connection connection = DriverManager.getConnection(url)) {
      for (int i = 1; i < args.length; i++) {
        System.out.print(dump(connection, Files.readString(Path.of(args[i]))));
      }
    }
  }

  /** The answer to {@code sql}: a header of column labels and types, then one line per row. */
  public static String dump(Connection connection, String sql) throws SQLException {
    StringBuilder out = new StringBuilder();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      int n = md.getColumnCount();
      for (int c = 1; c <= n; c++) {
        out.append(c > 1 ? " | " : "").append(md.getColumnLabel(c)).append(' ')
            .append(md.getColumnTypeName(c));
      }
      out.append('\n');
      int rows = 0;
      while (rs.next()) {
        for (int c = 1; c <= n; c++) {
          Object v = rs.getObject(c);
          String text = v == null ? "NULL"
              : v instanceof BigDecimal d ? d.toPlainString()
              : v instanceof Number ? v.toString()
              : rs.getString(c);
          out.append(c > 1 ? " | " : "").append(text);
        }
        out.append('\n');
        rows++;
      }
      out.append("(").append(rows).append(" rows)\n");
    }
    return out.toString();
  }
}
