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
}
