package io.basalt.engine.exec;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Rows, time and operator-specific counters of one plan node in a query execution, for EXPLAIN
 * ANALYZE. Thread-safe: every copy of the operator (one per worker) adds into the same metrics, so
 * time is the sum over workers. Add per batch, not per row.
 */
public final class OperatorMetrics {
  private final LongAdder rows = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final LongAdder nanos = new LongAdder();
  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

  public void addRow() {
    rows.increment();
  }

  /** Counts one output batch of {@code n} rows. */
  public void addBatch(long n) {
    rows.add(n);
    batches.increment();
  }

  public void addNanos(long n) {
    nanos.add(n);
  }

  /** Adds to a named counter shown by EXPLAIN ANALYZE (e.g. "build rows", "groups"). */
  public void add(String counter, long n) {
    counters.computeIfAbsent(counter, k -> new LongAdder()).add(n);
  }

  /** Raises a named counter to at least {@code n} (a peak, e.g. "peak memory bytes"). */
  public synchronized void max(String counter, long n) {
    LongAdder a = counters.computeIfAbsent(counter, k -> new LongAdder());
    long current = a.sum();
    if (n > current) {
      a.add(n - current);
    }
  }

  public long rows() {
    return rows.sum();
  }

  public long batches() {
    return batches.sum();
  }

  public long nanos() {
    return nanos.sum();
  }

  /** The value of a named counter, 0 when never added. */
  public long counter(String name) {
    LongAdder a = counters.get(name);
    return a == null ? 0 : a.sum();
  }

  /** One line for EXPLAIN ANALYZE. */
  public String describe() {
    if (batches() == 0 && counters.isEmpty()) { // a row-at-a-time operator
      return String.format(Locale.ROOT, "rows=%d, time pulling rows=%.1f ms (inputs included)",
          rows(), nanos() / 1e6);
    }
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "rows=%d, batches=%d, time=%.1f ms (inputs included, summed over workers)", rows(),
        batches(), nanos() / 1e6));
    for (Map.Entry<String, LongAdder> e : new TreeMap<>(counters).entrySet()) {
      sb.append(", ").append(e.getKey()).append('=').append(e.getValue().sum());
    }
    return sb.toString();
  }
}
