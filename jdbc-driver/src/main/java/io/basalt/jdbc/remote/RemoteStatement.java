package io.basalt.jdbc.remote;

import java.sql.SQLException;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;

/** Avatica's statement whose {@link #cancel()} also stops the query on the server. */
final class RemoteStatement extends AvaticaStatement {
  private final RemoteConnection remote;

  RemoteStatement(RemoteConnection connection, Meta.StatementHandle h, int resultSetType,
      int resultSetConcurrency, int resultSetHoldability) {
    super(connection, h, resultSetType, resultSetConcurrency, resultSetHoldability);
    this.remote = connection;
  }

  /** Not synchronized (Avatica's is): the executing thread may hold this statement's monitor. */
  @Override
  public void cancel() throws SQLException {
    checkOpen();
    remote.cancelOnServer(handle);
    cancelFlag.set(true);
  }
}
