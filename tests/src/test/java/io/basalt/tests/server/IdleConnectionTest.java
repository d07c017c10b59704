package io.basalt.tests.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.cli.tpch.TpchParquetGenerator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idle connections expire (and their engines close) after {@code --idle-timeout}; a connection
 * busy with a query longer than that does not; and the server's refusals at startup.
 */
class IdleConnectionTest {
  @TempDir
  Path data;

  @Test
  void idleConnectionsExpireButBusyOnesDoNot() throws Exception {
    TpchParquetGenerator.generate(0.01, data);
    try (ServerProcess server = ServerProcess.start(data, "512m", "--no-auth",
        "--idle-timeout", "2")) {
      try (Connection idle = DriverManager.getConnection(server.jdbcUrl(null, null))) {
        // The first query of a fresh server may take longer than the idle timeout (code
        // generation warms up); the connection running it stays alive meanwhile.
        assertEquals(25, count(idle, "select count(*) from nation"));
        Connection busy = DriverManager.getConnection(server.jdbcUrl(null, null));
        assertEquals(2L, server.status(null, null).get("connections"));
        // A query running longer than the idle timeout keeps its connection alive.
        try (Statement s = busy.createStatement()) {
          s.setQueryTimeout(5);
          assertThrows(java.sql.SQLTimeoutException.class,
              () -> s.executeQuery(RemoteServerTest.SLOW_QUERY).close());
        }
        assertEquals(25, count(busy, "select count(*) from nation"),
            "the busy connection outlived the idle timeout");
        Map<String, Long> status = server.status(null, null);
        assertEquals(1L, status.get("connections"), "the idle one expired: " + status);
        // Avatica's error response for a missing connection carries no message; the class
        // (an SQLException, not a RuntimeException) is what a client can rely on.
        assertThrows(SQLException.class, () -> count(idle, "select count(*) from nation"));
        busy.close();
      }
    }
  }

  @Test
  void theServerRefusesToStartWithoutAuthenticationOrOnAWideAddressWithoutIt() throws Exception {
    Map.Entry<Integer, String> noChoice = ServerProcess.runToExit(data);
    assertEquals(2, noChoice.getKey(), noChoice.getValue());
    assertTrue(noChoice.getValue().contains("refusing to start without authentication"),
        noChoice.getValue());
    Map.Entry<Integer, String> wide = ServerProcess.runToExit(data, "--no-auth", "--bind", "0.0.0.0");
    assertEquals(2, wide.getKey(), wide.getValue());
    assertTrue(wide.getValue().contains("--no-auth only binds to a loopback address"),
        wide.getValue());
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
