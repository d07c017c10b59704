package org.apache.calcite.jdbc;

import java.sql.SQLException;
import java.util.TimeZone;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.QueryState;

/**
 * Calcite's JDBC 4.1 object factory, returning {@link BasaltResultSet}s and {@link BasaltPreparedStatement}s.
 *
 * <p>It lives in Calcite's package because {@link CalciteResultSet}'s and the prepared statement's
 * constructors are package-private; these are the only classes Basalt places there, and it only adds behaviour.
 */
public class BasaltJdbcFactory extends CalciteJdbc41Factory {
  public BasaltJdbcFactory() {
    super();
  }

  @Override
  public org.apache.calcite.avatica.AvaticaPreparedStatement newPreparedStatement(
      org.apache.calcite.avatica.AvaticaConnection connection, Meta.StatementHandle h,
      Meta.Signature signature, int resultSetType, int resultSetConcurrency,
      int resultSetHoldability) throws SQLException {
    return new BasaltPreparedStatement((CalciteConnectionImpl) connection, h,
        (CalcitePrepare.CalciteSignature<?>) signature, resultSetType, resultSetConcurrency,
        resultSetHoldability);
  }

  @Override
  public CalciteResultSet newResultSet(AvaticaStatement statement, QueryState state,
      Meta.Signature signature, TimeZone timeZone, Meta.Frame firstFrame) throws SQLException {
    return new BasaltResultSet(statement, (CalcitePrepare.CalciteSignature<?>) signature,
        newResultSetMetaData(statement, signature), timeZone, firstFrame);
  }
}
