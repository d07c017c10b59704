package io.basalt.planner.offload;

import java.util.Locale;

/** Which engine runs a connection's queries: the {@code engine} setting. */
public enum EngineChoice {
  /** Basalt's own vectorized engine, in this JVM. */
  LOCAL,
  /** Apache Spark, through the basalt-spark module. */
  SPARK,
  /** Spark when the query's scan is larger than {@code spark_threshold} and Spark is configured. */
  AUTO;

  /** {@code local}, {@code spark} or {@code auto} (any case); anything else is an error. */
  public static EngineChoice parse(String text) {
    String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "local" -> LOCAL;
      case "spark" -> SPARK;
      case "auto" -> AUTO;
      default -> throw new IllegalArgumentException(
          "invalid engine=" + text + ": expected local, spark or auto");
    };
  }

  /** The setting's spelling. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
