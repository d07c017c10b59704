package io.basalt.bench.tpch;

import io.basalt.bench.EngineResult;
import io.basalt.bench.EngineSession;
import io.basalt.bench.Outcome;
import java.util.ArrayList;
import java.util.List;

/**
 * One engine's executions of one query: the first outcome (its answer is the one compared) and
 * the times of the timed runs; a timeout or error ends the engine's runs of the query.
 */
final class QueryRuns {
  Outcome first;
  private Outcome failure;
  private final List<Double> millis = new ArrayList<>();

  void add(EngineSession session, String sql, boolean timed) {
    if (failure != null) {
      return;
    }
    Outcome outcome = session.execute(sql);
    if (first == null) {
      first = outcome;
    }
    if (outcome instanceof Outcome.Done done) {
      if (timed) {
        millis.add(done.millis());
      }
    } else {
      failure = outcome;
    }
  }

  EngineResult result() {
    return new EngineResult(millis, failure);
  }
}
