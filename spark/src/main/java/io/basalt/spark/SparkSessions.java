package io.basalt.spark;

import io.basalt.planner.offload.EngineSettings;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark sessions Basalt's connections share, one per place Spark runs ({@code spark_master} or
 * {@code spark_remote}), created on first use and kept for the JVM's life: starting Spark takes
 * seconds, and a SparkContext is one per JVM anyway.
 *
 * <p>Basalt's session is its own, with the settings that make Spark compute Basalt's answers
 * ({@link #withBasaltSemantics}) and its own temporary views. In-process it shares the JVM's
 * SparkContext: one Basalt starts (web UI off), or an application's own (one that embeds Basalt in
 * its Spark job), whose settings stand. Through Spark Connect ({@code spark_remote}) it is a new
 * session on the server; the driver's classpath then holds the Spark Connect client instead of
 * classic Spark.
 */
final class SparkSessions {
  private static final Map<String, SparkSession> SESSIONS = new ConcurrentHashMap<>();

  private SparkSessions() {}

  /** The shared session for {@code settings}' target. */
  static SparkSession forSettings(EngineSettings.Snapshot settings) throws SQLException {
    try {
      return SESSIONS.computeIfAbsent(key(settings), k -> create(settings));
    } catch (Exception e) { // Scala code throws checked exceptions undeclared
      throw new SQLException("cannot start Spark (" + settings.sparkTarget() + "): "
          + e.getMessage(), e);
    }
  }

  /**
   * Whether {@code e} says the session is gone: a Spark Connect server that restarted (or expired
   * the session) no longer knows it, and every later call would fail the same way.
   */
  static boolean isLost(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.contains("INVALID_HANDLE.SESSION_CHANGED")
          || message.contains("INVALID_HANDLE.SESSION_NOT_FOUND")
          || message.contains("INVALID_HANDLE.SESSION_CLOSED")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** Drops {@code lost}, {@code settings}' session, so that the next use creates a new one. */
  static void forget(EngineSettings.Snapshot settings, SparkSession lost) {
    if (SESSIONS.remove(key(settings), lost)) {
      try {
        lost.close();
      } catch (Exception e) { // Scala code throws checked exceptions undeclared
        // the server has forgotten it already
      }
    }
  }

  private static String key(EngineSettings.Snapshot settings) {
    return settings.sparkRemote() != null ? "remote:" + settings.sparkRemote()
        : "master:" + settings.sparkMaster();
  }

  private static SparkSession create(EngineSettings.Snapshot settings) {
    if (settings.sparkRemote() != null) {
      requireClass("org.apache.spark.sql.connect.SparkSession", "spark_remote needs the Spark Connect "
          + "client (org.apache.spark:spark-connect-client-jvm_2.13) on the classpath in place of "
          + "spark-sql_2.13; see the README's \"Running on Spark\"");
      // A session of our own on the server (create, not getOrCreate: an application's session
      // keeps its settings), with the same clock and value types as a local one.
      return withBasaltSemantics(
          SparkSession.builder().remote(settings.sparkRemote()).create());
    }
    requireClass("org.apache.spark.sql.classic.SparkSession", "spark_master needs Spark "
        + "(org.apache.spark:spark-sql_2.13) on the classpath; with only the Spark Connect client, "
        + "set spark_remote = 'sc://host:port' instead");
    // One SparkContext per JVM: a second master would silently run on the first one's.
    var running = SparkSession.getDefaultSession().isDefined() ? SparkSession.getDefaultSession()
        : SparkSession.getActiveSession();
    if (running.isDefined()) {
      String master = running.get().sparkContext().master();
      if (!master.equals(settings.sparkMaster())) {
        throw new IllegalStateException("Spark already runs in this JVM with master " + master
            + ", and a JVM holds one SparkContext: set spark_master = '" + master
            + "', or use spark_remote for another cluster");
      }
    }
    SparkSession.Builder builder = SparkSession.builder()
        .master(settings.sparkMaster())
        .appName("basalt");
    // Not when an application's own SparkContext runs here: its settings stand.
    if (SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty()) {
      builder.config("spark.ui.enabled", "false");
    }
    // A session of Basalt's own over the (perhaps the application's) SparkContext: its SQL
    // settings and temporary views stay apart from the application's session.
    return withBasaltSemantics(builder.getOrCreate().newSession());
  }

  /**
   * {@code session} set to compute what Basalt computes: clock in UTC (Basalt's TIMESTAMP has no
   * zone), {@code java.time} values, ANSI arithmetic (overflow is an error), and the ordinals the
   * translated SQL may contain ({@code ORDER BY 2}) read as column positions, whatever the
   * cluster's defaults say.
   */
  private static SparkSession withBasaltSemantics(SparkSession session) {
    session.conf().set("spark.sql.session.timeZone", "UTC");
    session.conf().set("spark.sql.datetime.java8API.enabled", "true");
    session.conf().set("spark.sql.ansi.enabled", "true");
    session.conf().set("spark.sql.orderByOrdinal", "true");
    session.conf().set("spark.sql.groupByOrdinal", "true");
    return session;
  }

  private static void requireClass(String name, String message) {
    try {
      Class.forName(name, false, SparkSessions.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(message, e);
    }
  }
}
