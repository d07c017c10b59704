package io.basalt.jdbc.remote;

import io.basalt.jdbc.JavaTimeValues;
import java.sql.SQLException;
import org.apache.calcite.avatica.AvaticaPreparedStatement;
import org.apache.calcite.avatica.Meta;

/**
 * Avatica's prepared statement whose {@link #cancel()} also stops the query on the server, and
 * which accepts JDBC 4.2 {@code java.time} parameter values.
 */
final class RemotePreparedStatement extends AvaticaPreparedStatement {
  private final RemoteConnection remote;

  RemotePreparedStatement(RemoteConnection connection, Meta.StatementHandle h,
      Meta.Signature signature, int resultSetType, int resultSetConcurrency,
      int resultSetHoldability) throws SQLException {
    super(connection, h, signature, resultSetType, resultSetConcurrency, resultSetHoldability);
    this.remote = connection;
  }

  /** Not synchronized (Avatica's is): the executing thread may hold this statement's monitor. */
  @Override
  public void cancel() throws SQLException {
    checkOpen();
    remote.cancelOnServer(handle);
    cancelFlag.set(true);
  }

  @Override
  public void setObject(int parameterIndex, Object x) throws SQLException {
    super.setObject(parameterIndex, JavaTimeValues.toJdbc(x));
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
    super.setObject(parameterIndex, JavaTimeValues.toJdbc(x), targetSqlType);
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength)
      throws SQLException {
    super.setObject(parameterIndex, JavaTimeValues.toJdbc(x), targetSqlType, scaleOrLength);
  }

  // JDBC 4.1 setters, as Avatica's own (private) JDBC 4.1 statement implements them.
  @Override
  public void setRowId(int i, java.sql.RowId x) throws SQLException {
    getSite(i).setRowId(x);
  }

  @Override
  public void setNString(int i, String x) throws SQLException {
    getSite(i).setNString(x);
  }

  @Override
  public void setNCharacterStream(int i, java.io.Reader x, long n) throws SQLException {
    getSite(i).setNCharacterStream(x, n);
  }

  @Override
  public void setNClob(int i, java.sql.NClob x) throws SQLException {
    getSite(i).setNClob(x);
  }

  @Override
  public void setClob(int i, java.io.Reader x, long n) throws SQLException {
    getSite(i).setClob(x, n);
  }

  @Override
  public void setBlob(int i, java.io.InputStream x, long n) throws SQLException {
    getSite(i).setBlob(x, n);
  }

  @Override
  public void setNClob(int i, java.io.Reader x, long n) throws SQLException {
    getSite(i).setNClob(x, n);
  }

  @Override
  public void setSQLXML(int i, java.sql.SQLXML x) throws SQLException {
    getSite(i).setSQLXML(x);
  }

  @Override
  public void setAsciiStream(int i, java.io.InputStream x, long n) throws SQLException {
    getSite(i).setAsciiStream(x, n);
  }

  @Override
  public void setBinaryStream(int i, java.io.InputStream x, long n) throws SQLException {
    getSite(i).setBinaryStream(x, n);
  }

  @Override
  public void setCharacterStream(int i, java.io.Reader x, long n) throws SQLException {
    getSite(i).setCharacterStream(x, n);
  }

  @Override
  public void setAsciiStream(int i, java.io.InputStream x) throws SQLException {
    getSite(i).setAsciiStream(x);
  }

  @Override
  public void setBinaryStream(int i, java.io.InputStream x) throws SQLException {
    getSite(i).setBinaryStream(x);
  }

  @Override
  public void setCharacterStream(int i, java.io.Reader x) throws SQLException {
    getSite(i).setCharacterStream(x);
  }

  @Override
  public void setNCharacterStream(int i, java.io.Reader x) throws SQLException {
    getSite(i).setNCharacterStream(x);
  }

  @Override
  public void setClob(int i, java.io.Reader x) throws SQLException {
    getSite(i).setClob(x);
  }

  @Override
  public void setBlob(int i, java.io.InputStream x) throws SQLException {
    getSite(i).setBlob(x);
  }

  @Override
  public void setNClob(int i, java.io.Reader x) throws SQLException {
    getSite(i).setNClob(x);
  }
}
