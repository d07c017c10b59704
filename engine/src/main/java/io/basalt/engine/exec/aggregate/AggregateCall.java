package io.basalt.engine.exec.aggregate;

import java.util.Arrays;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * One aggregate of a {@link HashAggregateNode}, planner-independent: the function, its argument
 * columns (input column indexes), the optional FILTER column (a boolean input column; rows where it
 * is not TRUE are skipped) and the output field, whose Arrow type the result is written as.
 *
 * @param function what to compute
 * @param args input column indexes: none for COUNT(*) and LITERAL_AGG, one for the others, the
 *     grouped columns for GROUPING (in call order)
 * @param filter input column index of the FILTER condition, or -1
 * @param output the output field (name and Arrow type)
 * @param literal LITERAL_AGG's value (Boolean, Long, Double, BigDecimal or String); else null
 */
public record AggregateCall(Function function, int[] args, int filter, Field output,
    Object literal) {
  /** The aggregate functions the hash aggregation computes. */
  public enum Function {
    /** COUNT(*) (no argument) or COUNT(x): rows, or rows where x is not NULL. */
    COUNT,
    /** SUM: NULL over no (non-null) values. Integers sum to BIGINT, failing on overflow. */
    SUM,
    /** Calcite's $SUM0: as SUM but 0 over no values. */
    SUM0,
    /** AVG, computed as an exact sum (doubles: a double sum) over a count. */
    AVG,
    MIN,
    MAX,
    /** Some non-null value of the group (the first one seen), NULL if none. */
    ANY_VALUE,
    /** The group's only row's value; more than one row is an error (scalar sub-queries). */
    SINGLE_VALUE,
    /** Calcite's LITERAL_AGG: the literal, for every group. */
    LITERAL,
    /** GROUPING / GROUPING_ID: bit per argument, 1 where the argument is not grouped in this row. */
    GROUPING
  }

  public AggregateCall {
    args = args.clone();
  }

  /** The single argument column, or -1 (COUNT(*), LITERAL_AGG). */
  public int arg() {
    return args.length == 0 || function == Function.GROUPING ? -1 : args[0];
  }

  @Override
  public int[] args() {
    return args.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AggregateCall c && function == c.function && Arrays.equals(args, c.args)
        && filter == c.filter && output.equals(c.output) && java.util.Objects.equals(literal, c.literal);
  }

  @Override
  public int hashCode() {
    return function.hashCode() * 31 + Arrays.hashCode(args);
  }

  @Override
  public String toString() {
    return function + Arrays.toString(args) + (filter >= 0 ? " FILTER $" + filter : "");
  }
}
