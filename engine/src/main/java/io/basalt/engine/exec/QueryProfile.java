package io.basalt.engine.exec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the operators of one query execution did, keyed by the plan node that created them: the
 * data behind EXPLAIN ANALYZE. Thread-safe; one per execution.
 */
public final class QueryProfile {
  private final Map<Integer, ScanMetrics> scans = new ConcurrentHashMap<>();
  private final Map<Integer, OperatorMetrics> operators = new ConcurrentHashMap<>();

  /** The metrics of the row-at-a-time operator of plan node {@code nodeId}, created on first use. */
  public OperatorMetrics operator(int nodeId) {
    return operators.computeIfAbsent(nodeId, id -> new OperatorMetrics());
  }

  /** The operator metrics recorded for plan node {@code nodeId}, or null. */
  public OperatorMetrics operatorOrNull(int nodeId) {
    return operators.get(nodeId);
  }

  /** The metrics of the scan created for plan node {@code nodeId}, created on first use. */
  public ScanMetrics scan(int nodeId) {
    return scans.computeIfAbsent(nodeId, id -> new ScanMetrics());
  }

  /** The scan metrics recorded for plan node {@code nodeId}, or null if it never ran. */
  public ScanMetrics scanOrNull(int nodeId) {
    return scans.get(nodeId);
  }
}
