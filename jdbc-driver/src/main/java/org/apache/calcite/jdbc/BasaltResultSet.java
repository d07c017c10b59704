package org.apache.calcite.jdbc;

import java.sql.Date;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.TimeZone;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;

/**
 * Calcite's result set plus the JDBC 4.2 {@code java.time} conversions of {@code getObject(col,
 * Class)} that Avatica 1.28 lacks: LocalDate, LocalTime, LocalDateTime, Instant and OffsetDateTime
 * (UTC).
 */
public class BasaltResultSet extends CalciteResultSet {
  BasaltResultSet(AvaticaStatement statement, CalcitePrepare.CalciteSignature<?> signature,
      ResultSetMetaData metaData, TimeZone timeZone, Meta.Frame firstFrame) throws SQLException {
    super(statement, signature, metaData, timeZone, firstFrame);
  }

  @Override
  public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
    if (type == LocalDate.class) {
      Date d = getDate(columnIndex);
      return type.cast(d == null ? null : d.toLocalDate());
    }
    if (type == LocalTime.class) {
      Time t = getTime(columnIndex);
      return type.cast(t == null ? null : t.toLocalTime());
    }
    if (type == LocalDateTime.class) {
      Timestamp ts = getTimestamp(columnIndex);
      return type.cast(ts == null ? null : ts.toLocalDateTime());
    }
    if (type == Instant.class) {
      Timestamp ts = getTimestamp(columnIndex);
      return type.cast(ts == null ? null : ts.toInstant());
    }
    if (type == OffsetDateTime.class) {
      Timestamp ts = getTimestamp(columnIndex);
      return type.cast(ts == null ? null : ts.toInstant().atOffset(ZoneOffset.UTC));
    }
    return super.getObject(columnIndex, type);
  }

  @Override
  public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
    return getObject(findColumn(columnLabel), type);
  }
}
