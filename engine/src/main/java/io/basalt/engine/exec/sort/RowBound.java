package io.basalt.engine.exec.sort;

import io.basalt.engine.exec.ExecContext;

/**
 * A LIMIT or OFFSET count: a literal, or a dynamic parameter ({@code LIMIT ?}) read from the
 * execution's parameter values, so that one prepared plan serves every binding.
 */
public final class RowBound {
  private final long literal;
  private final int parameter;

  private RowBound(long literal, int parameter) {
    this.literal = literal;
    this.parameter = parameter;
  }

  /** A fixed count. */
  public static RowBound of(long count) {
    if (count < 0) {
      throw new IllegalArgumentException("row count must not be negative: " + count);
    }
    return new RowBound(count, -1);
  }

  /** The value of dynamic parameter {@code index} (0-based). */
  public static RowBound parameter(int index) {
    return new RowBound(0, index);
  }

  /** The count for this execution. */
  public long resolve(ExecContext context) {
    if (parameter < 0) {
      return literal;
    }
    Object v = context.parameters().get(parameter);
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException("LIMIT/OFFSET parameter ?" + (parameter + 1)
          + " must be a non-negative integer, got " + v);
    }
    long count = n.longValue();
    if (count < 0) {
      throw new IllegalArgumentException("LIMIT/OFFSET parameter ?" + (parameter + 1)
          + " must not be negative, got " + count);
    }
    return count;
  }

  @Override
  public String toString() {
    return parameter < 0 ? Long.toString(literal) : "?" + parameter;
  }
}
