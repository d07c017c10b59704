package io.basalt.jdbc;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * JDBC 4.2 {@code java.time} values, which Avatica 1.28 lacks, for both drivers: parameter values
 * turned into the {@code java.sql} values Avatica understands (it would pass a {@code LocalDate}
 * through unconverted), and {@code getObject(column, LocalDate.class)} and friends read through
 * the {@code java.sql} getters.
 */
public final class JavaTimeValues {
  private JavaTimeValues() {}

  /** The java.sql value for a java.time value; any other value unchanged. */
  public static Object toJdbc(Object x) {
    if (x instanceof LocalDate d) {
      return Date.valueOf(d);
    }
    if (x instanceof LocalTime t) {
      return Time.valueOf(t);
    }
    if (x instanceof LocalDateTime t) {
      return Timestamp.valueOf(t);
    }
    if (x instanceof Instant i) {
      return Timestamp.from(i);
    }
    if (x instanceof OffsetDateTime o) {
      return Timestamp.from(o.toInstant());
    }
    return x;
  }

  /** Whether {@link #read} handles {@code type}. */
  public static boolean isJavaTime(Class<?> type) {
    return type == LocalDate.class || type == LocalTime.class || type == LocalDateTime.class
        || type == Instant.class || type == OffsetDateTime.class;
  }

  /** Column {@code column} of the current row as {@code type}, one of {@link #isJavaTime}'s. */
  public static <T> T read(ResultSet rs, int column, Class<T> type) throws SQLException {
    if (type == LocalDate.class) {
      Date d = rs.getDate(column);
      return type.cast(d == null ? null : d.toLocalDate());
    }
    if (type == LocalTime.class) {
      Time t = rs.getTime(column);
      return type.cast(t == null ? null : t.toLocalTime());
    }
    Timestamp ts = rs.getTimestamp(column);
    if (ts == null) {
      return null;
    }
    if (type == LocalDateTime.class) {
      return type.cast(ts.toLocalDateTime());
    }
    if (type == Instant.class) {
      return type.cast(ts.toInstant());
    }
    if (type == OffsetDateTime.class) {
      return type.cast(ts.toInstant().atOffset(ZoneOffset.UTC));
    }
    throw new SQLException("not a java.time type: " + type.getName());
  }
}
