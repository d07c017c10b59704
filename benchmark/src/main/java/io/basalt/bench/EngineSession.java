package io.basalt.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

/**
 * One engine under test: a JDBC connection opened by a factory, and the {@link TimedRunner} its
 * executions go through. Basalt and DuckDB are both reached through JDBC in this JVM, so both pay
 * the same result-set overhead.
 */
public final class EngineSession implements AutoCloseable {
  /** Opens the session's connection (again, after an execution that could not be cancelled). */
  @FunctionalInterface
  public interface ConnectionFactory {
    Connection open() throws SQLException;
  }

  private final String name;
  private final ConnectionFactory factory;
  private final TimedRunner runner;
  private Connection connection;

  public EngineSession(String name, ConnectionFactory factory, Duration limit) throws SQLException {
    this.name = name;
    this.factory = factory;
    this.runner = new TimedRunner(limit);
    this.connection = factory.open();
  }

  /** Basalt, embedded: {@code jdbc:basalt:<data>;threads=<threads>}. */
  public static EngineSession basalt(Path data, int threads, Duration limit) throws SQLException {
    String url = "jdbc:basalt:" + data.toAbsolutePath() + ";threads=" + threads;
    return new EngineSession("Basalt", () -> DriverManager.getConnection(url), limit);
  }

  /**
   * DuckDB in memory with {@code SET threads} and one view per entry of {@code views} over that
   * Parquet file, so that the same query text runs on the same files as in Basalt.
   */
  public static EngineSession duckDb(Map<String, Path> views, int threads, Duration limit)
      throws SQLException {
    return new EngineSession("DuckDB", () -> openDuckDb(views, threads), limit);
  }

  private static Connection openDuckDb(Map<String, Path> views, int threads) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = c.createStatement()) {
      s.execute("SET threads=" + threads);
      for (Map.Entry<String, Path> view : views.entrySet()) {
        s.execute("CREATE VIEW " + view.getKey() + " AS SELECT * FROM read_parquet("
            + DuckDbSql.literal(view.getValue().toAbsolutePath().toString()) + ")");
      }
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  public String name() {
    return name;
  }

  public Connection connection() {
    return connection;
  }

  public Duration limit() {
    return runner.limit();
  }

  /** Executes {@code sql} on a fresh statement and reads the whole answer, within the limit. */
  public Outcome execute(String sql) {
    Statement statement;
    try {
      statement = connection.createStatement();
    } catch (SQLException e) {
      return new Outcome.Failed(TimedRunner.describe(e));
    }
    try (statement) {
      return afterTimeout(runner.run(statement, () -> {
        try (ResultSet rs = statement.executeQuery(sql)) {
          return Answer.read(rs);
        }
      }));
    } catch (SQLException e) {
      return new Outcome.Failed(TimedRunner.describe(e));
    }
  }

  /** Executes an already prepared statement and reads the whole answer, within the limit. */
  public Outcome execute(PreparedStatement statement) {
    return afterTimeout(runner.run(statement, () -> {
      try (ResultSet rs = statement.executeQuery()) {
        return Answer.read(rs);
      }
    }));
  }

  /**
   * Prepares {@code sql} and returns the statement with the milliseconds preparing took (for the
   * first-execution figure, which includes planning).
   */
  public Prepared prepare(String sql) throws SQLException {
    long start = System.nanoTime();
    PreparedStatement statement = connection.prepareStatement(sql);
    return new Prepared(statement, (System.nanoTime() - start) / 1e6);
  }

  /** A prepared statement and how long preparing it took. */
  public record Prepared(PreparedStatement statement, double prepareMillis) {}

  private Outcome afterTimeout(Outcome outcome) {
    if (outcome instanceof Outcome.TimedOut t && !t.stopped()) {
      reopen();
    }
    return outcome;
  }

  /**
   * Abandons the connection (an execution that ignored its cancel may still hold it) and opens a
   * new one, so the remaining queries still run.
   */
  private void reopen() {
    Connection old = connection;
    Thread closer = new Thread(() -> {
      try {
        old.close();
      } catch (SQLException | RuntimeException e) {
        // Abandoned anyway.
      }
    }, "basalt-bench-close");
    closer.setDaemon(true);
    closer.start();
    try {
      connection = factory.open();
    } catch (SQLException e) {
      throw new IllegalStateException(
          name + ": cannot reopen the connection after a query ignored its cancel: "
              + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws SQLException {
    runner.close();
    connection.close();
  }
}
