package io.basalt.engine.exec;

/**
 * Rows and time of one operator of a query execution, for EXPLAIN ANALYZE. Time is inclusive of
 * the operator's inputs when it pulls from them. Updated by the thread running the operator.
 */
public final class OperatorMetrics {
  private long rows;
  private long nanos;

  public void addRow() {
    rows++;
  }

  public void addNanos(long n) {
    nanos += n;
  }

  public long rows() {
    return rows;
  }

  public long nanos() {
    return nanos;
  }

  /** One line for EXPLAIN ANALYZE. */
  public String describe() {
    return String.format(java.util.Locale.ROOT, "rows=%d, time pulling rows=%.1f ms (inputs included)",
        rows, nanos / 1e6);
  }
}
