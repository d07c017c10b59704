package io.basalt.server;

import io.basalt.jdbc.BasaltDriver;
import io.basalt.planner.catalog.DataRootSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.calcite.avatica.AvaticaPreparedStatement;
import org.apache.calcite.avatica.MissingResultsException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.jdbc.JdbcMeta;
import org.apache.calcite.avatica.jdbc.StatementInfo;
import org.apache.calcite.avatica.remote.TypedValue;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;

/**
 * Avatica's {@link JdbcMeta} over Basalt's in-process driver, one Basalt connection (and so one
 * engine, memory pool and footer cache) per remote connection, with what a shared server needs on
 * top:
 *
 * <ul>
 *   <li>the connection URL is the server's alone: properties a client sends are ignored, so no
 *       client can widen the sandbox, pick another data folder or raise its memory limit;
 *   <li>at most {@code maxConnections} open connections; more are refused, never evicted;
 *   <li>result frames of at most {@code frameSize} rows (clients choose smaller ones with {@code
 *       fetch_size});
 *   <li>{@link #cancel}, which Avatica's protocol lacks (served by {@link BasaltHandler});
 *   <li>idle connections and statements expire after {@code idleTimeout}, but one running a long
 *       request is never idle: {@link #sweep} keeps it alive.
 * </ul>
 */
public final class BasaltMeta extends JdbcMeta {
  /** A statement the server created, with the connection it belongs to. */
  private record Tracked(String connectionId, Statement statement) {}

  private final String url;
  private final Properties connectionProperties;
  private final int frameSize;
  private final int maxConnections;
  private final Map<Integer, Tracked> statements = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> busyConnections = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicInteger> busyStatements = new ConcurrentHashMap<>();
  private final AtomicLong frames = new AtomicLong();
  private final AtomicInteger largestFrame = new AtomicInteger();
  private final AtomicLong cancels = new AtomicLong();

  /**
   * @param url the Basalt URL every connection opens ({@code jdbc:basalt:/data;sandbox=true...})
   * @param connectionProperties further properties for every connection
   */
  public BasaltMeta(String url, Properties connectionProperties, int frameSize, int maxConnections,
      Duration idleTimeout) throws SQLException {
    super(url, cacheSettings(idleTimeout, maxConnections));
    this.url = url;
    this.connectionProperties = connectionProperties;
    this.frameSize = frameSize;
    this.maxConnections = maxConnections;
  }

  private static Properties cacheSettings(Duration idleTimeout, int maxConnections) {
    Properties p = new Properties();
    long millis = Math.max(1, idleTimeout.toMillis());
    p.setProperty(ConnectionCacheSettings.EXPIRY_DURATION.key(), Long.toString(millis));
    p.setProperty(ConnectionCacheSettings.EXPIRY_UNIT.key(), TimeUnit.MILLISECONDS.name());
    // Above the limit openConnection enforces, so that the cache never evicts a live connection.
    p.setProperty(ConnectionCacheSettings.MAX_CAPACITY.key(), Integer.toString(maxConnections * 2));
    p.setProperty(StatementCacheSettings.EXPIRY_DURATION.key(), Long.toString(millis));
    p.setProperty(StatementCacheSettings.EXPIRY_UNIT.key(), TimeUnit.MILLISECONDS.name());
    return p;
  }

  @Override
  protected Connection createConnection(String ignoredUrl, Properties ignoredInfo)
      throws SQLException {
    // Not DriverManager: another registered driver must never get the server's connections.
    Connection connection = new BasaltDriver().connect(url, connectionProperties);
    if (connection == null) {
      throw new SQLException("not a Basalt URL: " + url);
    }
    return connection;
  }

  @Override
  public void openConnection(ConnectionHandle ch, Map<String, String> clientInfo) {
    getConnectionCache().cleanUp();
    if (getConnectionCache().size() >= maxConnections) {
      throw new IllegalStateException("too many connections: the server allows " + maxConnections
          + " at once (--max-connections); close idle connections or try again later");
    }
    // The client's properties are dropped on purpose; see the class comment.
    super.openConnection(ch, Map.of());
  }

  @Override
  public void closeConnection(ConnectionHandle ch) {
    try {
      super.closeConnection(ch);
    } finally {
      statements.values().removeIf(t -> t.connectionId().equals(ch.id));
    }
  }

  @Override
  public StatementHandle createStatement(ConnectionHandle ch) {
    try {
      Statement statement = getConnection(ch.id).createStatement();
      return register(ch.id, statement, null);
    } catch (SQLException e) {
      throw new RuntimeException(e.getMessage(), e);
    }
  }

  @Override
  public StatementHandle prepare(ConnectionHandle ch, String sql, long maxRowCount) {
    try {
      PreparedStatement statement = getConnection(ch.id).prepareStatement(sql);
      StatementType type = statement.isWrapperFor(AvaticaPreparedStatement.class)
          ? statement.unwrap(AvaticaPreparedStatement.class).getStatementType() : null;
      if (maxRowCount > 0) {
        statement.setLargeMaxRows(maxRowCount);
      }
      return register(ch.id, statement,
          signature(statement.getMetaData(), statement.getParameterMetaData(), sql, type));
    } catch (SQLException e) {
      throw new RuntimeException(e.getMessage(), e);
    }
  }

  /** As JdbcMeta does, plus the statement remembered for {@link #cancel}. */
  private StatementHandle register(String connectionId, Statement statement, Signature signature) {
    int id = getStatementIdGenerator().getAndIncrement();
    getStatementCache().put(id, new StatementInfo(statement));
    statements.put(id, new Tracked(connectionId, statement));
    return new StatementHandle(connectionId, id, signature);
  }

  @Override
  public void closeStatement(StatementHandle h) {
    try {
      super.closeStatement(h);
    } finally {
      statements.remove(h.id);
    }
  }

  @Override
  public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount,
      int maxRowsInFirstFrame, PrepareCallback callback) throws NoSuchStatementException {
    begin(h);
    try {
      return super.prepareAndExecute(h, sql, maxRowCount, frameRows(maxRowsInFirstFrame), callback);
    } finally {
      end(h);
    }
  }

  @Override
  public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues,
      int maxRowsInFirstFrame) throws NoSuchStatementException {
    begin(h);
    try {
      return super.execute(h, parameterValues, frameRows(maxRowsInFirstFrame));
    } finally {
      end(h);
    }
  }

  @Override
  public Frame fetch(StatementHandle h, long offset, int fetchMaxRowCount)
      throws NoSuchStatementException, MissingResultsException {
    begin(h);
    try {
      Frame frame = super.fetch(h, offset, frameRows(fetchMaxRowCount));
      int rows = 0;
      for (Object ignored : frame.rows) {
        rows++;
      }
      frames.incrementAndGet();
      largestFrame.accumulateAndGet(rows, Math::max);
      return frame;
    } finally {
      end(h);
    }
  }

  /** The rows of one frame: what the client asked for, at most {@code frameSize}. */
  private int frameRows(int requested) {
    return requested <= 0 || requested > frameSize ? frameSize : requested;
  }

  private void begin(StatementHandle h) {
    busyConnections.computeIfAbsent(h.connectionId, k -> new AtomicInteger()).incrementAndGet();
    busyStatements.computeIfAbsent(h.id, k -> new AtomicInteger()).incrementAndGet();
  }

  private void end(StatementHandle h) {
    busyConnections.computeIfPresent(h.connectionId,
        (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    busyStatements.computeIfPresent(h.id, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
  }

  /**
   * Stops the query {@code statementId} of connection {@code connectionId} is running: the engine
   * sees the statement's cancel flag at its next batch or row, releases the query's memory and the
   * running request fails with "query cancelled".
   *
   * @return whether such a statement exists (it may have finished already)
   */
  public boolean cancel(String connectionId, int statementId) {
    Tracked tracked = statements.get(statementId);
    if (tracked == null || !tracked.connectionId().equals(connectionId)) {
      return false;
    }
    try {
      tracked.statement().cancel();
      cancels.incrementAndGet();
      return true;
    } catch (SQLException e) {
      return false; // closed meanwhile
    }
  }

  /**
   * Keeps connections and statements with a running request from expiring (an access resets
   * their idle time), expires the idle ones (closing their engines), and forgets closed
   * statements. Called periodically by the server.
   */
  public void sweep() {
    for (String id : busyConnections.keySet()) {
      getConnectionCache().getIfPresent(id);
    }
    for (Integer id : busyStatements.keySet()) {
      getStatementCache().getIfPresent(id);
    }
    getConnectionCache().cleanUp();
    getStatementCache().cleanUp();
    Map<String, Connection> open = getConnectionCache().asMap();
    statements.entrySet().removeIf(e -> !open.containsKey(e.getValue().connectionId())
        || (getStatementCache().getIfPresent(e.getKey()) == null
            && !busyStatements.containsKey(e.getKey())));
  }

  /** Closes every connection and its engine (server shutdown). */
  public void closeAll() {
    getConnectionCache().invalidateAll();
    getConnectionCache().cleanUp();
    statements.clear();
  }

  /** Figures for {@code /basalt/status}: connections, engine memory, frames served. */
  public Map<String, Long> status() {
    Map<String, Long> status = new LinkedHashMap<>();
    long allocated = 0;
    long connections = 0;
    for (Connection connection : getConnectionCache().asMap().values()) {
      connections++;
      allocated += allocatedBytes(connection);
    }
    status.put("connections", connections);
    status.put("statements", (long) statements.size());
    status.put("runningRequests", (long) busyStatements.size());
    status.put("allocatedBytes", allocated);
    status.put("frames", frames.get());
    status.put("largestFrameRows", (long) largestFrame.get());
    status.put("cancels", cancels.get());
    Runtime runtime = Runtime.getRuntime();
    status.put("heapUsedBytes", runtime.totalMemory() - runtime.freeMemory());
    return status;
  }

  private static long allocatedBytes(Connection connection) {
    try {
      SchemaPlus schema = connection.unwrap(CalciteConnection.class).getRootSchema()
          .getSubSchema(DataRootSchema.NAME);
      return schema == null ? 0 : schema.unwrap(DataRootSchema.class).engine().memoryPool()
          .allocatedBytes();
    } catch (SQLException | RuntimeException e) {
      return 0; // closed meanwhile
    }
  }
}
