package io.basalt.jdbc.remote;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Properties;
import java.util.TimeZone;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaDatabaseMetaData;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.AvaticaPreparedStatement;
import org.apache.calcite.avatica.AvaticaResultSet;
import org.apache.calcite.avatica.AvaticaResultSetMetaData;
import org.apache.calcite.avatica.AvaticaSpecificDatabaseMetaData;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.UnregisteredDriver;

/** The JDBC objects of {@link BasaltRemoteDriver}: Avatica's, with server-side cancel. */
public final class RemoteJdbcFactory implements AvaticaFactory {
  public RemoteJdbcFactory() {}

  @Override
  public int getJdbcMajorVersion() {
    return 4;
  }

  @Override
  public int getJdbcMinorVersion() {
    return 1;
  }

  @Override
  public AvaticaConnection newConnection(UnregisteredDriver driver, AvaticaFactory factory,
      String url, Properties info) {
    return new RemoteConnection(driver, factory, url, info);
  }

  @Override
  public AvaticaStatement newStatement(AvaticaConnection connection, Meta.StatementHandle h,
      int resultSetType, int resultSetConcurrency, int resultSetHoldability) {
    return new RemoteStatement((RemoteConnection) connection, h, resultSetType,
        resultSetConcurrency, resultSetHoldability);
  }

  @Override
  public AvaticaPreparedStatement newPreparedStatement(AvaticaConnection connection,
      Meta.StatementHandle h, Meta.Signature signature, int resultSetType,
      int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    return new RemotePreparedStatement((RemoteConnection) connection, h, signature, resultSetType,
        resultSetConcurrency, resultSetHoldability);
  }

  @Override
  public AvaticaResultSet newResultSet(AvaticaStatement statement, QueryState state,
      Meta.Signature signature, TimeZone timeZone, Meta.Frame firstFrame) throws SQLException {
    ResultSetMetaData metaData = newResultSetMetaData(statement, signature);
    return new RemoteResultSet(statement, state, signature, metaData, timeZone, firstFrame);
  }

  @Override
  public AvaticaSpecificDatabaseMetaData newDatabaseMetaData(AvaticaConnection connection) {
    return new RemoteDatabaseMetaData(connection);
  }

  @Override
  public ResultSetMetaData newResultSetMetaData(AvaticaStatement statement,
      Meta.Signature signature) throws SQLException {
    return new AvaticaResultSetMetaData(statement, null, signature);
  }

  /** Avatica's metadata, with the claims a read-only engine cannot keep turned off. */
  static final class RemoteDatabaseMetaData extends AvaticaDatabaseMetaData {
    RemoteDatabaseMetaData(AvaticaConnection connection) {
      super(connection);
    }

    @Override
    public boolean supportsBatchUpdates() {
      return false; // nothing to update: the server is read-only
    }

    @Override
    public boolean supportsANSI92IntermediateSQL() {
      return false;
    }

    @Override
    public boolean supportsANSI92FullSQL() {
      return false;
    }

    @Override
    public boolean supportsIntegrityEnhancementFacility() {
      return false;
    }
  }
}
