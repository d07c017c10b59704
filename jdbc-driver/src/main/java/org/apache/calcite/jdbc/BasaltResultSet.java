package org.apache.calcite.jdbc;

import io.basalt.jdbc.JavaTimeValues;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
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
    if (JavaTimeValues.isJavaTime(type)) {
      return JavaTimeValues.read(this, columnIndex, type);
    }
    return super.getObject(columnIndex, type);
  }

  @Override
  public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
    return getObject(findColumn(columnLabel), type);
  }
}
