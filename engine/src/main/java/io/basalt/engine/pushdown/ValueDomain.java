package io.basalt.engine.pushdown;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * The value space in which a pushed comparison is decided — the SQL type family of the compared
 * expression — with one canonical Java representation each, so that column statistics, partition
 * values, literals and parameters all compare alike:
 *
 * <ul>
 *   <li>{@link #EXACT}: {@link BigDecimal} (every integer and DECIMAL type)
 *   <li>{@link #APPROX}: {@link Double} (REAL, DOUBLE), compared as IEEE numbers (NaN never
 *       appears as a bound)
 *   <li>{@link #STRING}: UTF-8 {@code byte[]}, compared unsigned byte by byte (code point order)
 *   <li>{@link #DATE}: {@link Long} days since 1970-01-01
 *   <li>{@link #TIMESTAMP}: {@link Long} milliseconds since 1970-01-01T00:00 (the SQL layer's
 *       timestamp precision)
 *   <li>{@link #BOOLEAN}: {@link Boolean}
 * </ul>
 */
public enum ValueDomain {
  EXACT, APPROX, STRING, DATE, TIMESTAMP, BOOLEAN;

  /** Compares two non-null values of this domain. */
  public int compare(Object a, Object b) {
    return switch (this) {
      case EXACT -> ((BigDecimal) a).compareTo((BigDecimal) b);
      case APPROX -> {
        double x = (Double) a;
        double y = (Double) b;
        // Primitive comparison: -0.0 equals 0.0, as in SQL.
        yield x < y ? -1 : x > y ? 1 : 0;
      }
      case STRING -> Arrays.compareUnsigned((byte[]) a, (byte[]) b);
      case DATE, TIMESTAMP -> Long.compare((Long) a, (Long) b);
      case BOOLEAN -> Boolean.compare((Boolean) a, (Boolean) b);
    };
  }

  /** The value as SQL text, for EXPLAIN. */
  public String format(Object value) {
    if (value == null) {
      return "NULL";
    }
    return switch (this) {
      case EXACT -> ((BigDecimal) value).toPlainString();
      case APPROX -> value.toString();
      case STRING -> "'" + new String((byte[]) value, StandardCharsets.UTF_8).replace("'", "''") + "'";
      case DATE -> "DATE '" + LocalDate.ofEpochDay((Long) value) + "'";
      case TIMESTAMP -> "TIMESTAMP '" + LocalDateTime.ofEpochSecond(
          Math.floorDiv((Long) value, 1000L), (int) Math.floorMod((Long) value, 1000L) * 1_000_000,
          ZoneOffset.UTC).toString().replace('T', ' ') + "'";
      case BOOLEAN -> value.toString().toUpperCase(java.util.Locale.ROOT);
    };
  }
}
