package io.basalt.planner.runtime;

import io.basalt.planner.physical.VecRel;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

/** Entry points called from code that Calcite generates for {@code VecToEnumerableConverter}. */
public final class VecRuntime {
  /** DataContext key of the {@link io.basalt.engine.exec.QueryProfile} EXPLAIN ANALYZE reads. */
  public static final String QUERY_PROFILE = "basalt.queryProfile";

  private VecRuntime() {}

  /** Runs {@code plan} lazily: nothing executes until the enumerator is first moved. */
  public static Enumerable<Object[]> enumerate(DataContext root, VecRel plan) {
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        return new BatchRowEnumerator(root, plan);
      }
    };
  }

  /** As {@link #enumerate}, for a plan of one column: each row is the bare value. */
  public static Enumerable<Object> enumerateScalars(DataContext root, VecRel plan) {
    return enumerate(root, plan).select(row -> row[0]);
  }

  /** As {@link #enumerate}, for a plan of no columns: each row is an empty comparable list. */
  public static Enumerable<Object> enumerateEmptyRows(DataContext root, VecRel plan) {
    return enumerate(root, plan).select(row -> org.apache.calcite.runtime.FlatLists.COMPARABLE_EMPTY_LIST);
  }

  /**
   * {@code rows}, counted and timed into the execution's query profile under {@code nodeId}
   * (EXPLAIN ANALYZE); unchanged when the execution is not profiled.
   */
  public static <T> Enumerable<T> profiled(DataContext root, int nodeId, Enumerable<T> rows) {
    Object profile = root.get(QUERY_PROFILE);
    if (!(profile instanceof io.basalt.engine.exec.QueryProfile p)) {
      return rows;
    }
    io.basalt.engine.exec.OperatorMetrics metrics = p.operator(nodeId);
    return new AbstractEnumerable<T>() {
      @Override
      public org.apache.calcite.linq4j.Enumerator<T> enumerator() {
        long start = System.nanoTime();
        org.apache.calcite.linq4j.Enumerator<T> inner = rows.enumerator();
        metrics.addNanos(System.nanoTime() - start);
        return new org.apache.calcite.linq4j.Enumerator<T>() {
          @Override
          public T current() {
            return inner.current();
          }

          @Override
          public boolean moveNext() {
            long t = System.nanoTime();
            boolean more = inner.moveNext();
            metrics.addNanos(System.nanoTime() - t);
            if (more) {
              metrics.addRow();
            }
            return more;
          }

          @Override
          public void reset() {
            inner.reset();
          }

          @Override
          public void close() {
            inner.close();
          }
        };
      }
    };
  }
}
