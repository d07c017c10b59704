package io.basalt.cli;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * An aligned text table in the style of psql and DuckDB:
 *
 * <pre>
 *  l_returnflag | count
 * --------------+-------
 *  A            |  1478
 *  N            | 29817
 * </pre>
 *
 * Numeric columns are right-aligned, SQL NULL shows as {@code NULL}, control characters are
 * escaped so every row stays on one line, and cells wider than the maximum width are cut with
 * {@code …}. Widths count code points.
 */
public final class TableFormatter {
  /** Widest cell shown before it is cut. */
  public static final int DEFAULT_MAX_CELL_WIDTH = 80;
  static final String NULL = "NULL";
  private static final String ELLIPSIS = "…";

  private final List<String> names = new ArrayList<>();
  private final List<Boolean> rightAligned = new ArrayList<>();
  private final List<String[]> rows = new ArrayList<>();
  private final int maxCellWidth;

  public TableFormatter(int maxCellWidth) {
    if (maxCellWidth < 2) {
      throw new IllegalArgumentException("maxCellWidth must be at least 2, got " + maxCellWidth);
    }
    this.maxCellWidth = maxCellWidth;
  }

  public TableFormatter() {
    this(DEFAULT_MAX_CELL_WIDTH);
  }

  /** Adds a column; columns must all be added before the first row. */
  public TableFormatter column(String name, boolean numeric) {
    if (!rows.isEmpty()) {
      throw new IllegalStateException("columns must be added before rows");
    }
    names.add(name);
    rightAligned.add(numeric);
    return this;
  }

  /** Adds a row of already formatted values; {@code null} is shown as NULL. */
  public TableFormatter row(List<String> values) {
    if (values.size() != names.size()) {
      throw new IllegalArgumentException(
          "row has " + values.size() + " values for " + names.size() + " columns");
    }
    String[] cells = new String[values.size()];
    for (int i = 0; i < cells.length; i++) {
      String v = values.get(i);
      cells[i] = v == null ? NULL : clip(escape(v));
    }
    rows.add(cells);
    return this;
  }

  public int rowCount() {
    return rows.size();
  }

  /** Reads every row of {@code rs} (numbers formatted without exponent where reasonable). */
  public static TableFormatter of(ResultSet rs, int maxCellWidth) throws SQLException {
    TableFormatter table = new TableFormatter(maxCellWidth);
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    int[] types = new int[n];
    for (int i = 0; i < n; i++) {
      types[i] = md.getColumnType(i + 1);
      table.column(md.getColumnLabel(i + 1), isNumeric(types[i]));
    }
    List<String> values = new ArrayList<>(n);
    while (rs.next()) {
      values.clear();
      for (int i = 0; i < n; i++) {
        values.add(cell(rs, i + 1, types[i]));
      }
      table.row(values);
    }
    return table;
  }

  static boolean isNumeric(int jdbcType) {
    switch (jdbcType) {
      case Types.TINYINT:
      case Types.SMALLINT:
      case Types.INTEGER:
      case Types.BIGINT:
      case Types.REAL:
      case Types.FLOAT:
      case Types.DOUBLE:
      case Types.DECIMAL:
      case Types.NUMERIC:
        return true;
      default:
        return false;
    }
  }

  private static String cell(ResultSet rs, int column, int type) throws SQLException {
    if (isNumeric(type)) {
      Object value = rs.getObject(column);
      return value == null ? null : formatNumber(value);
    }
    String value = rs.getString(column);
    return rs.wasNull() ? null : value;
  }

  /** Plain decimal notation for decimals and for doubles of ordinary magnitude. */
  static String formatNumber(Object value) {
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return Double.toString(d);
      }
      double abs = Math.abs(d);
      if (d == 0 || (abs >= 1e-6 && abs < 1e15)) {
        // The shortest decimal that reads back as the same double, without exponent.
        String s = value instanceof Float f ? new BigDecimal(Float.toString(f)).toPlainString()
            : BigDecimal.valueOf(d).toPlainString();
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
      }
      return value.toString();
    }
    return value.toString();
  }

  private static String escape(String v) {
    StringBuilder s = null;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      String replacement = switch (c) {
        case '\n' -> "\\n";
        case '\r' -> "\\r";
        case '\t' -> "\\t";
        default -> Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : null;
      };
      if (replacement != null && s == null) {
        s = new StringBuilder(v.length() + 8).append(v, 0, i);
      }
      if (s != null) {
        if (replacement != null) {
          s.append(replacement);
        } else {
          s.append(c);
        }
      }
    }
    return s == null ? v : s.toString();
  }

  private String clip(String v) {
    if (width(v) <= maxCellWidth) {
      return v;
    }
    int end = v.offsetByCodePoints(0, maxCellWidth - 1);
    return v.substring(0, end) + ELLIPSIS;
  }

  private static int width(String s) {
    return s.codePointCount(0, s.length());
  }

  /** The table: header line, separator line, one line per row, each ending in a newline. */
  public String render() {
    int n = names.size();
    if (n == 0) {
      return "";
    }
    String[] header = new String[n];
    int[] widths = new int[n];
    for (int i = 0; i < n; i++) {
      header[i] = clip(escape(names.get(i)));
      widths[i] = width(header[i]);
    }
    for (String[] row : rows) {
      for (int i = 0; i < n; i++) {
        widths[i] = Math.max(widths[i], width(row[i]));
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, header, widths);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append('+');
      }
      out.append("-".repeat(widths[i] + 2));
    }
    out.append('\n');
    for (String[] row : rows) {
      line(out, row, widths);
    }
    return out.toString();
  }

  private void line(StringBuilder out, String[] cells, int[] widths) {
    int start = out.length();
    for (int i = 0; i < cells.length; i++) {
      out.append(i == 0 ? " " : " | ");
      String pad = " ".repeat(widths[i] - width(cells[i]));
      if (rightAligned.get(i)) {
        out.append(pad).append(cells[i]);
      } else {
        out.append(cells[i]).append(pad);
      }
    }
    int end = out.length();
    while (end > start && out.charAt(end - 1) == ' ') {
      end--;
    }
    out.setLength(end);
    out.append('\n');
  }
}
