package io.basalt.planner.offload;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;

/** A query translated for an {@link OffloadEngine}, ready to run any number of times. */
public interface OffloadedQuery {
  /** What EXPLAIN shows of it: the translated query text. */
  String explain();

  /**
   * Runs the query. Rows are {@code Object[]} in Calcite's internal representation of the
   * statement's row type (DATE as days, TIMESTAMP as milliseconds, DECIMAL at the declared scale),
   * streamed as the engine produces them. The run stops, and the enumerator throws, when {@link
   * DataContext.Variable#CANCEL_FLAG} is set or {@link DataContext.Variable#TIMEOUT} passes.
   */
  Enumerable<Object[]> run(DataContext dataContext);
}
