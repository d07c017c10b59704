package io.basalt.jdbc.remote;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.UnregisteredDriver;
import org.apache.calcite.avatica.remote.AvaticaHttpClient;

/**
 * A connection of {@link BasaltRemoteDriver}: Avatica's remote connection, plus the cancel
 * request to the server and query timeouts built on it (a timer per running statement that sends
 * the cancel request when the statement's query timeout passes).
 */
final class RemoteConnection extends AvaticaConnection {
  /** One daemon thread for all connections' query timeouts; timers only send a request. */
  private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "basalt-query-timeout");
    t.setDaemon(true);
    return t;
  });

  private volatile AvaticaHttpClient cancelClient;

  RemoteConnection(UnregisteredDriver driver, AvaticaFactory factory, String url,
      Properties info) {
    super(driver, factory, url, info);
  }

  /**
   * Asks the server to stop {@code handle}'s running query. Failures are swallowed: cancel is
   * advisory in JDBC, and the client stops reading results anyway.
   *
   * @return whether the server found the statement and cancelled it
   */
  boolean cancelOnServer(Meta.StatementHandle handle) {
    if (handle == null) {
      return false;
    }
    try {
      if (isClosed()) {
        return false;
      }
      byte[] answer = cancelClient().send(CancelProtocol.encode(handle.connectionId, handle.id));
      return new String(answer, StandardCharsets.UTF_8).strip().equals(CancelProtocol.CANCELLED);
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  private AvaticaHttpClient cancelClient() {
    AvaticaHttpClient client = cancelClient;
    if (client == null) {
      // The same client factory, authentication and TLS settings as Avatica's own requests.
      String base = config().url();
      if (base == null) {
        throw new IllegalStateException("no server URL (url=...) in the connection string");
      }
      URL url;
      try {
        url = new URI(base.replaceAll("/+$", "") + CancelProtocol.PATH).toURL();
      } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
        throw new IllegalStateException("invalid server URL " + base + ": " + e.getMessage(), e);
      }
      client = config().httpClientFactory().getClient(url, config(), getKerberosConnection());
      cancelClient = client;
    }
    return client;
  }

  /**
   * As Avatica's, but a server-side failure (e.g. the connection expired after the server's idle
   * timeout) is an SQLException, not a RuntimeException.
   */
  @Override
  public AvaticaStatement createStatement(int resultSetType, int resultSetConcurrency,
      int resultSetHoldability) throws SQLException {
    try {
      return super.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability);
    } catch (RuntimeException e) {
      throw new SQLException("cannot create a statement: " + e.getMessage(), e);
    }
  }

  @Override
  protected Meta.ExecuteResult prepareAndExecuteInternal(AvaticaStatement statement, String sql,
      long maxRowCount) throws SQLException, NoSuchStatementException {
    clearCancel(statement);
    QueryTimer timer = QueryTimer.start(this, statement);
    try {
      return super.prepareAndExecuteInternal(statement, sql, maxRowCount);
    } catch (RuntimeException | SQLException e) {
      throw timer.translate(e);
    } finally {
      timer.stop();
    }
  }

  @Override
  protected ResultSet executeQueryInternal(AvaticaStatement statement, Meta.Signature signature,
      Meta.Frame firstFrame, QueryState state, boolean isUpdate) throws SQLException {
    clearCancel(statement);
    QueryTimer timer = QueryTimer.start(this, statement);
    try {
      return super.executeQueryInternal(statement, signature, firstFrame, state, isUpdate);
    } catch (RuntimeException | SQLException e) {
      throw timer.translate(e);
    } finally {
      timer.stop();
    }
  }

  /**
   * A cancel stops the statement's running query, not its next one; Avatica keeps one cancel flag
   * per statement and never clears it, which failed every later execution with "Statement
   * canceled".
   */
  private void clearCancel(AvaticaStatement statement) throws SQLException {
    try {
      getCancelFlag(statement.handle).set(false);
    } catch (NoSuchStatementException e) {
      throw new SQLException("statement " + statement.handle.id + " is closed", e);
    }
  }

  /** The timeout of one execution: cancels the statement when its query timeout passes. */
  private static final class QueryTimer {
    private static final QueryTimer NONE = new QueryTimer(0, null, null);

    private final int seconds;
    private final ScheduledFuture<?> future;
    private final AtomicBoolean fired;

    private QueryTimer(int seconds, ScheduledFuture<?> future, AtomicBoolean fired) {
      this.seconds = seconds;
      this.future = future;
      this.fired = fired;
    }

    static QueryTimer start(RemoteConnection connection, AvaticaStatement statement)
        throws SQLException {
      int seconds = statement.getQueryTimeout();
      if (seconds <= 0) {
        return NONE;
      }
      AtomicBoolean fired = new AtomicBoolean();
      ScheduledFuture<?> future = TIMERS.schedule(() -> {
        fired.set(true);
        try {
          statement.cancel();
        } catch (SQLException | RuntimeException e) {
          connection.cancelOnServer(statement.handle);
        }
      }, seconds, TimeUnit.SECONDS);
      return new QueryTimer(seconds, future, fired);
    }

    /** {@code e}, or a SQLTimeoutException wrapping it when the timeout cancelled the query. */
    SQLException translate(Exception e) {
      if (fired != null && fired.get()) {
        return new SQLTimeoutException("query timed out after " + seconds
            + " s (Statement.setQueryTimeout) and was cancelled on the server", e);
      }
      if (e instanceof SQLException s) {
        return s;
      }
      throw (RuntimeException) e;
    }

    void stop() {
      if (future != null) {
        future.cancel(false);
      }
    }
  }
}
