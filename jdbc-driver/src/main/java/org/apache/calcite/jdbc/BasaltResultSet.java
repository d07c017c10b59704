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
 * (UTC). Also clears the statement's cancel flag when a new execution starts.
 */
public class BasaltResultSet extends CalciteResultSet {
  BasaltResultSet(AvaticaStatement statement, CalcitePrepare.CalciteSignature<?> signature,
      ResultSetMetaData metaData, TimeZone timeZone, Meta.Frame firstFrame) throws SQLException {
    super(statement, signature, metaData, timeZone, firstFrame);
  }

  @Override
  protected CalciteResultSet execute() throws SQLException {
    // Statement.cancel stops the statement's running query, not its next one; Calcite keeps one
    // cancel flag per statement and never clears it, which failed every later execution.
    try {
      ((CalciteConnectionImpl) statement.getConnection()).getCancelFlag(statement.handle).set(false);
    } catch (org.apache.calcite.avatica.NoSuchStatementException e) {
      throw new SQLException("statement " + statement.handle.id + " is closed", e);
    }
    return super.execute();
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
