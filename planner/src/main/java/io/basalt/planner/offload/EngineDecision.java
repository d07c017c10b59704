package io.basalt.planner.offload;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ServiceLoader;
import org.apache.calcite.rel.RelNode;

/**
 * Which engine runs one query, and why — what EXPLAIN shows on its first line.
 *
 * @param offload the other engine, or null when Basalt's own runs the query
 * @param reason why, e.g. {@code engine=auto: the scans read 12.0 GiB, more than spark_threshold
 *     (10.0 GiB)}
 */
public record EngineDecision(OffloadEngine offload, String reason) {
  /** Whether Basalt's own engine runs the query. */
  public boolean local() {
    return offload == null;
  }

  /** {@code local} or the other engine's name. */
  public String engineName() {
    return offload == null ? EngineChoice.LOCAL.value() : offload.name();
  }

  /**
   * This decision overturned: Basalt runs the query after all, because the other engine cannot
   * ({@code why}, that engine's message).
   */
  EngineDecision runLocallyBecause(String why) {
    String scans = reason.substring(0, reason.lastIndexOf(", "));
    return new EngineDecision(null, scans + ", but " + engineName() + " cannot run it: " + why);
  }

  /** The header line EXPLAIN puts above the plan. */
  public String explainLine() {
    return "Engine: " + engineName() + " (" + reason + ")";
  }

  /**
   * Decides for {@code physicalPlan} (Basalt's plan, whose scans give the estimate) under {@code
   * settings}.
   *
   * @throws SQLException when {@code engine=spark} cannot be honoured: the module is missing or
   *     Spark has nowhere to run
   */
  public static EngineDecision decide(EngineSettings.Snapshot settings, RelNode physicalPlan)
      throws SQLException {
    switch (settings.engine()) {
      case LOCAL:
        return new EngineDecision(null, "engine=local");
      case SPARK: {
        OffloadEngine spark = find("spark");
        if (spark == null) {
          throw new SQLFeatureNotSupportedException("engine=spark needs the basalt-spark module "
              + "(io.basalt:basalt-spark and Spark's jars) on the driver's classpath; "
              + "or SET engine = 'local'");
        }
        if (!settings.sparkConfigured()) {
          throw new SQLException("engine=spark needs somewhere to run: set spark_master (e.g. "
              + "local[4], yarn, spark://host:7077) or spark_remote (sc://host:15002)");
        }
        return new EngineDecision(spark, "engine=spark, " + settings.sparkTarget());
      }
      case AUTO:
      default: {
        if (!settings.sparkConfigured()) {
          return new EngineDecision(null,
              "engine=auto: Spark is not configured (no spark_master or spark_remote)");
        }
        OffloadEngine spark = find("spark");
        if (spark == null) {
          return new EngineDecision(null,
              "engine=auto: the basalt-spark module is not on the classpath");
        }
        long bytes = ScanEstimate.bytes(physicalPlan);
        String sizes = "the scans read about " + human(bytes) + ", "
            + (bytes > settings.sparkThreshold() ? "more than" : "at most")
            + " spark_threshold (" + human(settings.sparkThreshold()) + ")";
        return bytes > settings.sparkThreshold()
            ? new EngineDecision(spark, "engine=auto: " + sizes + ", " + settings.sparkTarget())
            : new EngineDecision(null, "engine=auto: " + sizes);
      }
    }
  }

  /** The engine named {@code name} among those on the classpath, or null. */
  static OffloadEngine find(String name) {
    for (OffloadEngine engine : Installed.ENGINES) {
      if (engine.name().equalsIgnoreCase(name)) {
        return engine;
      }
    }
    return null;
  }

  /** The engines on the classpath, loaded once: each keeps its sessions for the JVM's life. */
  private static final class Installed {
    static final java.util.List<OffloadEngine> ENGINES = ServiceLoader.load(OffloadEngine.class,
        EngineDecision.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();
  }

  /** {@code 12.0 GiB}, {@code 3.4 MiB}, {@code 512 bytes}. */
  static String human(long bytes) {
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
