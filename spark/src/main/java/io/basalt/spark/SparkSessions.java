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
 * <p>A session Basalt creates reads dates and timestamps as {@code java.time} values and keeps its
 * clock in UTC, so that Basalt's zone-less TIMESTAMP means the same on both sides; the web UI is
 * off. A master already running in this JVM (an application that embeds Basalt inside its own
 * Spark job) is reused with its own settings.
 */
final class SparkSessions {
  private static final Map<String, SparkSession> SESSIONS = new ConcurrentHashMap<>();

  private SparkSessions() {}

  /** The shared session for {@code settings}' target. */
  static SparkSession forSettings(EngineSettings.Snapshot settings) throws SQLException {
    String key = settings.sparkRemote() != null ? "remote:" + settings.sparkRemote()
        : "master:" + settings.sparkMaster();
    try {
      return SESSIONS.computeIfAbsent(key, k -> create(settings));
    } catch (RuntimeException e) {
      throw new SQLException("cannot start Spark (" + settings.sparkTarget() + "): "
          + e.getMessage(), e);
    }
  }

  private static SparkSession create(EngineSettings.Snapshot settings) {
    if (settings.sparkRemote() != null) {
      return SparkSession.builder().remote(settings.sparkRemote()).getOrCreate();
    }
    SparkSession.Builder builder = SparkSession.builder()
        .master(settings.sparkMaster())
        .appName("basalt");
    // Not when an application's own SparkContext runs here: its settings stand.
    if (SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty()) {
      builder.config("spark.ui.enabled", "false")
          .config("spark.sql.session.timeZone", "UTC")
          .config("spark.sql.datetime.java8API.enabled", "true")
          .config("spark.sql.ansi.enabled", "true");
    }
    return builder.getOrCreate();
  }
}
