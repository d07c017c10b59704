package io.basalt.engine.pushdown;

/** The values bound to a statement's dynamic parameters for one execution. */
@FunctionalInterface
public interface ParameterValues {
  /** No parameters: binding a predicate that has one fails. */
  ParameterValues NONE = index -> {
    throw new IllegalStateException("parameter ?" + index + " has no value");
  };

  /** The value of parameter {@code index} (0-based), in the SQL layer's representation. */
  Object get(int index);

  /**
   * A variable of the statement's execution, such as Calcite's {@code localTimestamp} (the clock
   * that CURRENT_DATE reads, fixed for the whole statement), or null when unknown.
   */
  default Object variable(String name) {
    return null;
  }
}
