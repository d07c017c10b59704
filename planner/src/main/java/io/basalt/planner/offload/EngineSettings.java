package io.basalt.planner.offload;

import java.util.Locale;

/**
 * A connection's engine settings: {@code engine}, {@code spark_master}, {@code spark_remote} and
 * {@code spark_threshold}. Set from the connection's properties and changed by {@code SET key =
 * value} / {@code RESET key} on that connection; reads and writes are safe across threads (a
 * server may serve one connection's statements from several).
 */
public final class EngineSettings {
  /** The default of {@code spark_threshold}: queries scanning more than 10 GiB go to Spark. */
  public static final long DEFAULT_SPARK_THRESHOLD = 10L << 30;

  public static final String ENGINE = "engine";
  public static final String SPARK_MASTER = "spark_master";
  public static final String SPARK_REMOTE = "spark_remote";
  public static final String SPARK_THRESHOLD = "spark_threshold";

  private EngineChoice engine = EngineChoice.LOCAL;
  private String sparkMaster;
  private String sparkRemote;
  private long sparkThreshold = DEFAULT_SPARK_THRESHOLD;

  /** A snapshot of the settings, taken once per statement so that a concurrent SET never splits one. */
  public record Snapshot(EngineChoice engine, String sparkMaster, String sparkRemote,
      long sparkThreshold) {
    /** Whether Spark has somewhere to run: a master or a Spark Connect address. */
    public boolean sparkConfigured() {
      return sparkMaster != null || sparkRemote != null;
    }

    /** Where Spark runs, for messages: {@code spark_master=local[2]} or {@code spark_remote=...}. */
    public String sparkTarget() {
      return sparkRemote != null ? SPARK_REMOTE + "=" + sparkRemote
          : sparkMaster != null ? SPARK_MASTER + "=" + sparkMaster : "no spark_master or spark_remote";
    }
  }

  /** Whether {@code key} names one of these settings (any case). */
  public static boolean isKey(String key) {
    return switch (key.toLowerCase(Locale.ROOT)) {
      case ENGINE, SPARK_MASTER, SPARK_REMOTE, SPARK_THRESHOLD -> true;
      default -> false;
    };
  }

  /**
   * Sets {@code key} to {@code value} ({@code null}: back to the default). Sizes are parsed by
   * {@code sizeParser}, the connection's, so that {@code SET spark_threshold = '1GB'} reads like
   * the connection property.
   *
   * @throws IllegalArgumentException naming the key and the values it takes
   */
  public synchronized void set(String key, String value,
      java.util.function.ToLongFunction<String> sizeParser) {
    String k = key.toLowerCase(Locale.ROOT);
    String v = value == null ? null : value.trim();
    switch (k) {
      case ENGINE -> engine = v == null ? EngineChoice.LOCAL : EngineChoice.parse(v);
      case SPARK_MASTER -> sparkMaster = blankToNull(v);
      case SPARK_REMOTE -> {
        String remote = blankToNull(v);
        if (remote != null && !remote.startsWith("sc://")) {
          throw new IllegalArgumentException("invalid spark_remote=" + value
              + ": expected a Spark Connect address such as sc://host:15002");
        }
        sparkRemote = remote;
      }
      case SPARK_THRESHOLD -> sparkThreshold = v == null ? DEFAULT_SPARK_THRESHOLD
          : sizeParser.applyAsLong(v);
      default -> throw new IllegalArgumentException("unknown setting '" + key
          + "'; the settings SET changes are engine, spark_master, spark_remote, spark_threshold");
    }
  }

  /** The current values. */
  public synchronized Snapshot snapshot() {
    return new Snapshot(engine, sparkMaster, sparkRemote, sparkThreshold);
  }

  private static String blankToNull(String v) {
    return v == null || v.isEmpty() ? null : v;
  }
}
