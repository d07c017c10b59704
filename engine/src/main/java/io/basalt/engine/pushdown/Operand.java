package io.basalt.engine.pushdown;

/**
 * The value side of a pushed comparison: a literal already in the comparison's {@link ValueDomain}
 * (null for SQL NULL), or a dynamic parameter resolved when the statement executes, so one prepared
 * statement prunes differently for each binding.
 */
public sealed interface Operand {
  /** A constant of the comparison's domain; {@code value} null means SQL NULL. */
  record Literal(Object value) implements Operand {}

  /** The statement's dynamic parameter number {@code index} (0-based, as {@code ?0}). */
  record Parameter(int index) implements Operand {}
}
