package io.basalt.planner.offload;

import java.sql.SQLException;
import org.apache.calcite.rel.RelNode;

/**
 * An engine other than Basalt's own that runs planned queries — Apache Spark, from the basalt-spark
 * module. Found with {@link java.util.ServiceLoader}, so that the core driver carries no such
 * engine's dependencies: a module provides one by listing its class in {@code
 * META-INF/services/io.basalt.planner.offload.OffloadEngine}.
 */
public interface OffloadEngine {
  /** The {@code engine} value that selects it, e.g. {@code spark}. */
  String name();

  /**
   * Translates {@code logicalPlan} — optimized and decorrelated, before Basalt's physical planning,
   * so that the other engine orders joins with its own statistics — into a query of that engine.
   *
   * @throws java.sql.SQLFeatureNotSupportedException naming a construct it cannot translate
   * @throws SQLException when the engine cannot be reached or refuses the query
   */
  OffloadedQuery prepare(RelNode logicalPlan, EngineSettings.Snapshot settings)
      throws SQLException;
}
