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
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code engine=auto} against {@code spark_threshold}, {@code SET engine} on a live connection,
 * and cancel and timeout reaching Spark's jobs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkEngineChoiceTest {
  private static final String SPARK = ";spark_master=local[2]";
  /** A cross join of 300 K rows with itself: hours of work, for cancel and timeout. */
  private static final String ENDLESS =
      "SELECT COUNT(*) FROM big a, big b WHERE a.x + b.x < -1";

  @TempDir
  static Path data;

  @BeforeAll
  void writeTables() throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("SELECT setseed(0.5)");
      // Random doubles do not compress: 2.4 MB of column data, against 1.2 MB of ids.
      s.execute("COPY (SELECT i AS id, random() AS x FROM range(300000) r(i)) TO '"
          + data.resolve("big.parquet") + "' (FORMAT parquet)");
      s.execute("COPY (SELECT i AS id FROM range(10) r(i)) TO '" + data.resolve("small.parquet")
          + "' (FORMAT parquet)");
      s.execute("COPY (SELECT i AS id, 'note ' || i AS text FROM range(10) r(i)) TO '"
          + data.resolve("notes.csv") + "' (FORMAT csv, HEADER)");
    }
  }

  @AfterAll
  void noJobLeftRunning() {
    assertEquals(0, activeJobs(), "a Spark job outlived its statement");
  }

  private static int activeJobs() {
    return SparkSession.getDefaultSession().isEmpty() ? 0
        : SparkSession.getDefaultSession().get().sparkContext().statusTracker().getActiveJobIds()
            .length;
  }

  private static String firstLine(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      assertTrue(rs.next());
      return rs.getString(1).lines().findFirst().orElseThrow();
    }
  }

  @Test
  void autoSendsOnlyLargeScansToSpark() throws Exception {
    try (Connection c = DriverManager.getConnection(
            "jdbc:basalt:" + data + ";engine=auto;spark_threshold=2MB" + SPARK);
        Statement s = c.createStatement()) {
      String big = firstLine(s, "SELECT SUM(x) FROM big");
      assertTrue(big.matches("Engine: spark \\(engine=auto: the scans read about 2\\.\\d MiB, "
          + "more than spark_threshold \\(2\\.0 MiB\\), spark_master=local\\[2]\\)"), big);
      String small = firstLine(s, "SELECT SUM(id) FROM small");
      assertTrue(small.matches("Engine: local \\(engine=auto: the scans read about \\d+ bytes, "
          + "at most spark_threshold \\(2\\.0 MiB\\)\\)"), small);
      // Only the projected columns count: ids alone are under the threshold.
      String ids = firstLine(s, "SELECT COUNT(id) FROM big WHERE id < 10");
      assertTrue(ids.startsWith("Engine: local (engine=auto: the scans read about 1.1 MiB"), ids);
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(id) FROM big")) {
        assertTrue(rs.next());
        assertEquals(300000, rs.getLong(1));
        assertEquals(44999850000L, rs.getLong(2));
      }
      s.execute("SET spark_threshold = '1GB'");
      assertTrue(firstLine(s, "SELECT SUM(x) FROM big").startsWith("Engine: local"));
    }
  }

  @Test
  void autoRunsLocallyWhatSparkCannotRun() throws Exception {
    try (Connection c = DriverManager.getConnection(
            "jdbc:basalt:" + data + ";engine=auto;spark_threshold=2MB" + SPARK);
        Statement s = c.createStatement()) {
      // Large enough for Spark, but it reads a CSV table, which Spark is not handed.
      String sql = "SELECT n.text, SUM(b.x) > 0 FROM big b JOIN notes n ON b.id = n.id"
          + " GROUP BY n.text ORDER BY n.text";
      String line = firstLine(s, sql);
      assertTrue(line.matches("Engine: local \\(engine=auto: the scans read about \\d\\.\\d MiB, "
          + "more than spark_threshold \\(2\\.0 MiB\\), but spark cannot run it: "
          + "engine=spark reads Parquet tables only; basalt\\.notes is CSV.*\\)"), line);
      try (ResultSet rs = s.executeQuery(sql)) {
        int rows = 0;
        while (rs.next()) {
          assertTrue(rs.getString(1).startsWith("note "));
          assertTrue(rs.getBoolean(2));
          rows++;
        }
        assertEquals(10, rows);
      }
    }
    // engine=spark says so instead of quietly running elsewhere.
    try (Connection c = DriverManager.getConnection("jdbc:basalt:" + data + ";engine=spark" + SPARK);
        Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> firstLine(s, "SELECT * FROM notes"));
      assertTrue(String.valueOf(e.getMessage()).contains("engine=spark reads Parquet tables only"),
          e.getMessage());
    }
  }

  @Test
  void autoRunsParameterizedStatementsOnSpark() throws Exception {
    try (Connection c = DriverManager.getConnection(
            "jdbc:basalt:" + data + ";engine=auto;spark_threshold=2MB" + SPARK);
        java.sql.PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM big WHERE x > ?")) {
      p.setDouble(1, 2.0);
      try (ResultSet rs = p.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(0, rs.getLong(1));
      }
      // LIMIT ? has no Spark form yet: auto runs it locally.
      try (java.sql.PreparedStatement top = c.prepareStatement(
          "SELECT id, x FROM big ORDER BY x DESC LIMIT ?")) {
        top.setInt(1, 3);
        try (ResultSet rs = top.executeQuery()) {
          int rows = 0;
          while (rs.next()) {
            rows++;
          }
          assertEquals(3, rows);
        }
      }
    }
  }

  @Test
  void anApplicationsJobGroupIsGivenBack() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:basalt:" + data + ";engine=spark" + SPARK);
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM small")) {
        assertTrue(rs.next()); // Spark runs
      }
      org.apache.spark.SparkContext context =
          SparkSession.getDefaultSession().get().sparkContext();
      context.setJobGroup("the-application", "its own jobs", false);
      try {
        try (ResultSet rs = s.executeQuery("SELECT SUM(id) FROM small")) {
          assertTrue(rs.next());
          assertEquals(45, rs.getLong(1));
          assertTrue(!rs.next());
        }
        assertEquals("the-application", context.getLocalProperty("spark.jobGroup.id"));
      } finally {
        context.clearJobGroup();
      }
    }
  }

  @Test
  void aSecondMasterIsRefusedNotIgnored() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:basalt:" + data + ";engine=spark" + SPARK);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM small")) {
      assertTrue(rs.next()); // Spark runs with local[2]
    }
    try (Connection c = DriverManager.getConnection(
            "jdbc:basalt:" + data + ";engine=spark;spark_master=local[3]");
        Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT id FROM small"));
      assertTrue(e.getMessage().contains("Spark already runs in this JVM with master local[2]"),
          e.getMessage());
    }
  }

  @Test
  void setEngineSwitchesALiveConnection() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:basalt:" + data + SPARK);
        Statement s = c.createStatement()) {
      assertTrue(firstLine(s, "SELECT id FROM small").startsWith("VecToEnumerableConverter"));
      s.execute("SET engine = 'spark'");
      assertEquals("Engine: spark (engine=spark, spark_master=local[2])",
          firstLine(s, "SELECT id FROM small"));
      try (ResultSet rs = s.executeQuery("SELECT id, id * 2 AS twice FROM small ORDER BY id DESC")) {
        assertTrue(rs.next());
        assertEquals(9, rs.getLong("id"));
        assertEquals(18, rs.getLong("twice"));
      }
      s.execute("RESET engine");
      assertTrue(firstLine(s, "SELECT id FROM small").startsWith("VecToEnumerableConverter"));
    }
  }

  @Test
  void cancelStopsTheSparkJobs() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:basalt:" + data + ";engine=spark" + SPARK);
        Statement s = c.createStatement()) {
      CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
        try (ResultSet rs = s.executeQuery(ENDLESS)) {
          rs.next();
          return null;
        } catch (Throwable e) {
          return e;
        }
      });
      waitFor(() -> activeJobs() > 0, Duration.ofSeconds(60));
      s.cancel();
      Throwable e = run.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertTrue(e instanceof SQLException && e.getMessage().contains("cancel"), String.valueOf(e));
      waitFor(() -> activeJobs() == 0, Duration.ofSeconds(30));
      // The cancel was for that query: the statement runs the next one.
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM small")) {
        assertTrue(rs.next());
        assertEquals(10, rs.getLong(1));
      }
    }
  }

  @Test
  void timeoutStopsTheSparkJobs() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:basalt:" + data + ";engine=spark" + SPARK);
        Statement s = c.createStatement()) {
      s.setQueryTimeout(3);
      long start = System.nanoTime();
      SQLException e = assertThrows(SQLException.class, () -> {
        try (ResultSet rs = s.executeQuery(ENDLESS)) {
          rs.next();
        }
      });
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      assertTrue(seconds < 30, "took " + seconds + " s");
      assertTrue(e.getMessage().contains("timed out") || e.getMessage().contains("cancel"),
          e.getMessage());
      waitFor(() -> activeJobs() == 0, Duration.ofSeconds(30));
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, Duration limit)
      throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within " + limit);
      }
      Thread.sleep(50);
    }
  }
}
