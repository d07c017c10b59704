package io.basalt.spark;

import io.basalt.planner.offload.EngineSettings;
import io.basalt.planner.offload.OffloadEngine;
import io.basalt.planner.offload.OffloadedQuery;
import java.sql.SQLException;
import org.apache.calcite.rel.RelNode;

/**
 * {@code engine=spark}: translates Basalt's logical plan to Spark SQL ({@link SparkSqlTranslator})
 * and runs it on the shared Spark session of the connection's {@code spark_master} or {@code
 * spark_remote} ({@link SparkSessions}). Registered for {@link java.util.ServiceLoader}.
 */
public final class SparkOffloadEngine implements OffloadEngine {
  @Override
  public String name() {
    return "spark";
  }

  @Override
  public OffloadedQuery prepare(RelNode logicalPlan, EngineSettings.Snapshot settings)
      throws SQLException {
    SparkTypes.check(logicalPlan.getRowType());
    SparkSqlTranslator.Translation translation = SparkSqlTranslator.translate(logicalPlan);
    return new SparkQuery(settings, translation.sql(), translation.sources(),
        translation.parameters(), logicalPlan.getRowType());
  }
}
