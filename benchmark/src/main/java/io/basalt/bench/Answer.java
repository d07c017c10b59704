package io.basalt.bench;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A query's answer read from JDBC, with values normalized so that two engines' answers compare:
 * numbers as BigDecimal, DATE as LocalDate. {@link #differenceFrom} applies the same rules as the
 * end-to-end tests' {@code ResultComparison} (tests module): numbers equal within 1e-9 of the larger
 * magnitude, strings exactly, row order only when the query orders.
 */
public record Answer(List<List<Object>> rows) {
  private static final BigDecimal RELATIVE_TOLERANCE = new BigDecimal("1e-9");

  public Answer {
    rows = List.copyOf(rows);
  }

  /** Reads every remaining row of {@code rs}. */
  public static Answer read(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    List<List<Object>> rows = new ArrayList<>();
    while (rs.next()) {
      List<Object> row = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) {
        row.add(normalize(md.getColumnType(i) == Types.DATE
            ? rs.getObject(i, LocalDate.class) : rs.getObject(i)));
      }
      // List.copyOf refuses nulls, and SQL answers have them.
      rows.add(java.util.Collections.unmodifiableList(row));
    }
    return new Answer(rows);
  }

  public int rowCount() {
    return rows.size();
  }

  /**
   * Empty when this answer equals {@code expected}; otherwise a one-line description of the first
   * difference (row count, or row and column with both values).
   *
   * @param ordered whether row order is part of the answer (the query has ORDER BY)
   */
  public Optional<String> differenceFrom(Answer expected, boolean ordered) {
    List<List<Object>> e = expected.rows;
    List<List<Object>> a = rows;
    if (e.size() != a.size()) {
      return Optional.of(a.size() + " rows, expected " + e.size());
    }
    if (!ordered) {
      e = sorted(e);
      a = sorted(a);
    }
    for (int r = 0; r < e.size(); r++) {
      List<Object> er = e.get(r);
      List<Object> ar = a.get(r);
      if (er.size() != ar.size()) {
        return Optional.of("row " + r + " has " + ar.size() + " columns, expected " + er.size());
      }
      for (int c = 0; c < er.size(); c++) {
        if (!valueEquals(er.get(c), ar.get(c))) {
          return Optional.of("row " + r + " column " + (c + 1) + ": " + ar.get(c)
              + ", expected " + er.get(c));
        }
      }
    }
    return Optional.empty();
  }

  static Object normalize(Object v) {
    if (v == null || v instanceof BigDecimal) {
      return v;
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

  static boolean valueEquals(Object expected, Object actual) {
    if (expected == null || actual == null) {
      return expected == actual;
    }
    if (expected instanceof BigDecimal e && actual instanceof BigDecimal a) {
      if (e.compareTo(a) == 0) {
        return true;
      }
      BigDecimal scale = e.abs().max(a.abs());
      return e.subtract(a).abs().compareTo(scale.multiply(RELATIVE_TOLERANCE)) <= 0;
    }
    if (expected instanceof byte[] e && actual instanceof byte[] a) {
      return Arrays.equals(e, a);
    }
    return expected.equals(actual) || expected.toString().equals(actual.toString());
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> copy = new ArrayList<>(rows);
    copy.sort(Comparator.comparing(Answer::sortKey));
    return copy;
  }

  /** A key that sorts rows identically on both sides despite last-digit differences in numbers. */
  private static String sortKey(List<Object> row) {
    StringBuilder key = new StringBuilder();
    for (Object v : row) {
      if (v instanceof BigDecimal d) {
        key.append(d.round(new MathContext(8)).stripTrailingZeros().toPlainString());
      } else {
        key.append(v);
      }
      key.append('\u0001');
    }
    return key.toString();
  }
}
