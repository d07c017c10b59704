package io.basalt.tests;

import static org.junit.jupiter.api.Assertions.fail;

import io.basalt.tests.tpch.Tolerance;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads JDBC results into comparable rows and compares two answers the way the TPC-H comparison
 * demands: numbers equal within 1e-9 relative (exact types compare exactly when both sides are
 * exact), dates as LocalDate, strings exactly, and row order checked only when the query orders.
 */
public final class ResultComparison {
  private ResultComparison() {}

  /** All rows of {@code sql} run on {@code connection}, normalized as {@link #read} does. */
  public static List<List<Object>> query(java.sql.Connection connection, String sql)
      throws SQLException {
    try (java.sql.Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return read(rs);
    }
  }

  /** Engine memory a Basalt connection still holds: 0 whenever no query is running. */
  public static long engineAllocatedBytes(java.sql.Connection basalt) throws SQLException {
    return basalt.unwrap(org.apache.calcite.jdbc.CalciteConnection.class).getRootSchema()
        .getSubSchema(io.basalt.planner.catalog.DataRootSchema.NAME)
        .unwrap(io.basalt.planner.catalog.DataRootSchema.class)
        .engine().memoryPool().allocatedBytes();
  }

  /** All rows of {@code rs}, each value normalized: numbers to BigDecimal, DATE to LocalDate. */
  public static List<List<Object>> read(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    List<List<Object>> rows = new ArrayList<>();
    while (rs.next()) {
      List<Object> row = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) {
        row.add(normalize(md.getColumnType(i) == Types.DATE
            ? rs.getObject(i, LocalDate.class) : rs.getObject(i)));
      }
      rows.add(row);
    }
    return rows;
  }

  static Object normalize(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof BigDecimal d) {
      return d;
    }
    if (v instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? d : new BigDecimal(d);
    }
    if (v instanceof Float f) {
      return f.isNaN() || f.isInfinite() ? f : new BigDecimal(f.doubleValue());
    }
    if (v instanceof BigInteger b) {
      return new BigDecimal(b);
    }
    if (v instanceof Number num) {
      return BigDecimal.valueOf(num.longValue());
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    return v;
  }

  /** Fails with a readable diff unless {@code actual} matches {@code expected}. */
  public static void assertSameAnswer(String label, List<List<Object>> expected,
      List<List<Object>> actual, boolean ordered) {
    if (expected.size() != actual.size()) {
      fail(label + ": expected " + expected.size() + " rows but got " + actual.size()
          + "\nexpected (first 5): " + head(expected) + "\nactual (first 5): " + head(actual));
    }
    List<List<Object>> e = expected;
    List<List<Object>> a = actual;
    if (!ordered) {
      e = sorted(expected);
      a = sorted(actual);
    }
    for (int r = 0; r < e.size(); r++) {
      List<Object> er = e.get(r);
      List<Object> ar = a.get(r);
      if (er.size() != ar.size()) {
        fail(label + ": row " + r + " has " + ar.size() + " columns, expected " + er.size());
      }
      for (int c = 0; c < er.size(); c++) {
        if (!valueEquals(er.get(c), ar.get(c))) {
          fail(label + ": row " + r + " column " + (c + 1) + ": expected <" + er.get(c)
              + "> but was <" + ar.get(c) + ">\nexpected row: " + er + "\nactual row:   " + ar);
        }
      }
    }
  }

  static boolean valueEquals(Object expected, Object actual) {
    if (expected == null || actual == null) {
      return expected == actual;
    }
    if (expected instanceof BigDecimal e && actual instanceof BigDecimal a) {
      return Tolerance.equal(e, a);
    }
    if (expected instanceof byte[] e && actual instanceof byte[] a) {
      return java.util.Arrays.equals(e, a);
    }
    return expected.equals(actual) || expected.toString().equals(actual.toString());
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> copy = new ArrayList<>(rows);
    copy.sort(Comparator.comparing(ResultComparison::sortKey));
    return copy;
  }

  /** A key that sorts rows identically on both sides despite last-digit differences in numbers. */
  private static String sortKey(List<Object> row) {
    StringBuilder key = new StringBuilder();
    for (Object v : row) {
      if (v instanceof BigDecimal d) {
        key.append(d.round(new java.math.MathContext(8)).stripTrailingZeros().toPlainString());
      } else {
        key.append(v);
      }
      key.append('\u0001');
    }
    return key.toString();
  }

  private static String head(List<List<Object>> rows) {
    return rows.subList(0, Math.min(5, rows.size())).toString();
  }
}
