package io.basalt.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spark Connect server that restarts forgets Basalt's session and its views; the next query on
 * the same connection gets a new session and registers the views again instead of failing with
 * {@code INVALID_HANDLE.SESSION_CHANGED} until the client's JVM restarts.
 */
class SparkConnectRestartTest {
  @TempDir
  static Path data;

  @Test
  void queriesGoOnAfterTheServerRestarts() throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("COPY (SELECT i AS id FROM range(100) r(i)) TO '" + data.resolve("t.parquet")
          + "' (FORMAT parquet)");
    }
    int port = SparkConnectServerProcess.freePort();
    SparkConnectServerProcess server = SparkConnectServerProcess.start("spark-connect-restart", port);
    try (Connection c = DriverManager.getConnection(
            "jdbc:basalt:" + data + ";engine=spark;spark_remote=" + server.url0());
        Statement s = c.createStatement()) {
      assertEquals(4950, sum(s));
      server.stop();
      server = SparkConnectServerProcess.start("spark-connect-restart-2", port);
      assertEquals(4950, sum(s));
    } finally {
      server.stop();
    }
  }

  private static long sum(Statement s) throws Exception {
    try (ResultSet rs = s.executeQuery("SELECT SUM(id) FROM t")) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }
}
