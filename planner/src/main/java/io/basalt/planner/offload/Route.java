package io.basalt.planner.offload;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import org.apache.calcite.rel.RelNode;

/**
 * Where one query runs: the {@link EngineDecision} and, when another engine runs it, the query
 * prepared for that engine.
 *
 * @param decision the engine and why, for EXPLAIN
 * @param offloaded the query for the other engine; null when Basalt runs it
 */
public record Route(EngineDecision decision, OffloadedQuery offloaded) {
  /**
   * Decides for {@code physicalPlan} (whose scans give {@code engine=auto} its estimate) and
   * prepares {@code logicalPlan} for the chosen engine. Under {@code engine=auto} a query the other
   * engine cannot run (it reads CSV, say) runs on Basalt's engine instead, and the decision says
   * why; under {@code engine=spark} that is an error.
   */
  public static Route of(EngineSettings.Snapshot settings, RelNode physicalPlan,
      RelNode logicalPlan) throws SQLException {
    EngineDecision decision = EngineDecision.decide(settings, physicalPlan);
    if (decision.local()) {
      return new Route(decision, null);
    }
    try {
      return new Route(decision, decision.offload().prepare(logicalPlan, settings));
    } catch (SQLFeatureNotSupportedException e) {
      if (settings.engine() != EngineChoice.AUTO) {
        throw e;
      }
      return new Route(decision.runLocallyBecause(e.getMessage()), null);
    }
  }

  /** Whether Basalt's own engine runs the query. */
  public boolean local() {
    return offloaded == null;
  }
}
