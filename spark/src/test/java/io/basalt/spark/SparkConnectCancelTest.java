package io.basalt.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancel and timeout reach a Spark Connect server: the statement fails at once with a
 * cancellation, and the server reports the query's jobs cancelled instead of running on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkConnectCancelTest {
  /** A cross join of 300 K rows with itself: hours of work. */
  private static final String ENDLESS = "SELECT COUNT(*) FROM big a, big b WHERE a.x + b.x < -1";

  @TempDir
  static Path data;

  private static final Pattern STARTED = Pattern.compile("DAGScheduler: Got (map stage )?job \\d+");
  /** A job cancelled, or the whole operation when its jobs had not started yet. */
  private static final Pattern CANCELLED =
      Pattern.compile("Job \\d+ cancelled|\\[OPERATION_CANCELED]");

  private String url;

  @BeforeAll
  void writeTable() throws Exception {
    url = "jdbc:basalt:" + data + ";engine=spark;spark_remote=" + SparkConnectServerProcess.url();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("COPY (SELECT i AS id, random() AS x FROM range(300000) r(i)) TO '"
          + data.resolve("big.parquet") + "' (FORMAT parquet)");
    }
  }

  @Test
  void cancelStopsTheServersJobs() throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      int jobsBefore = count(STARTED);
      int cancelledBefore = count(CANCELLED);
      CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
        try (ResultSet rs = s.executeQuery(ENDLESS)) {
          rs.next();
          return null;
        } catch (Throwable e) {
          return e;
        }
      });
      waitFor(() -> count(STARTED) > jobsBefore, 120);
      Thread.sleep(1000); // the tasks are running
      s.cancel();
      Throwable e = run.get(30, TimeUnit.SECONDS);
      assertTrue(e instanceof SQLException && e.getMessage().contains("cancel"), String.valueOf(e));
      waitFor(() -> count(CANCELLED) > cancelledBefore, 30);
      assertStillServes(s);
    }
  }

  @Test
  void timeoutStopsTheServersJobs() throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      int cancelledBefore = count(CANCELLED);
      s.setQueryTimeout(5);
      long start = System.nanoTime();
      SQLException e = assertThrows(SQLException.class, () -> {
        try (ResultSet rs = s.executeQuery(ENDLESS)) {
          rs.next();
        }
      });
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      assertTrue(seconds < 60, "took " + seconds + " s");
      assertTrue(e.getMessage().contains("timed out") || e.getMessage().contains("cancel"),
          e.getMessage());
      waitFor(() -> count(CANCELLED) > cancelledBefore, 30);
      s.setQueryTimeout(0);
      assertStillServes(s);
    }
  }

  /**
   * A short query answers within a minute: had the cross join's tasks kept running, they would
   * hold both of the server's cores for hours and this query's tasks would wait behind them.
   */
  private static void assertStillServes(Statement s) throws Exception {
    long count = CompletableFuture.supplyAsync(() -> {
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM big WHERE id < 10")) {
        rs.next();
        return rs.getLong(1);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }).get(60, TimeUnit.SECONDS);
    assertEquals(10, count);
  }

  /** Lines of the server's log matching {@code pattern}. */
  private static int count(Pattern pattern) throws Exception {
    return (int) SparkConnectServerProcess.log().lines()
        .filter(l -> pattern.matcher(l).find()).count();
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void waitFor(Check check, int seconds) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!check.holds()) {
      assertTrue(System.nanoTime() < end, "not within " + seconds + " s");
      Thread.sleep(100);
    }
  }
}
