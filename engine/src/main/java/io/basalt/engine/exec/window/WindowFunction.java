package io.basalt.engine.exec.window;

import org.apache.arrow.vector.types.pojo.Field;

/**
 * One window function call of a {@link WindowGroup}: what it computes, over which input column,
 * and the Arrow field of its output column (the planner's SQL result type).
 *
 * @param kind the function
 * @param argument the input column it reads, or -1 (ROW_NUMBER, RANK, COUNT(*), ...)
 * @param parameter NTILE's bucket count, LAG/LEAD's offset (may be negative), NTH_VALUE's n; else 0
 * @param defaultColumn LAG/LEAD: the input column whose value (in the current row) is the default
 *     when the offset row is outside the partition, or -1
 * @param defaultValue LAG/LEAD: the constant default in {@link
 *     io.basalt.engine.exec.setop.ValuesNode}'s representation of the output type, or null
 * @param output the output column
 * @param distinct COUNT/SUM/SUM0/AVG(DISTINCT x): each distinct non-NULL value of the frame counts
 *     once (MIN/MAX need no flag: duplicates do not change them)
 * @param ignoreNulls LAG/LEAD/FIRST_VALUE/LAST_VALUE/NTH_VALUE ... IGNORE NULLS: rows whose argument
 *     is NULL are skipped when counting offsets and positions
 */
public record WindowFunction(Kind kind, int argument, long parameter, int defaultColumn,
    Object defaultValue, Field output, boolean distinct, boolean ignoreNulls) {
  /** A function without DISTINCT or IGNORE NULLS. */
  public WindowFunction(Kind kind, int argument, long parameter, int defaultColumn,
      Object defaultValue, Field output) {
    this(kind, argument, parameter, defaultColumn, defaultValue, output, false, false);
  }

  public WindowFunction {
    if (distinct && (argument < 0 || !(kind == Kind.COUNT || kind == Kind.SUM
        || kind == Kind.SUM0 || kind == Kind.AVG))) {
      throw new IllegalArgumentException("DISTINCT applies to COUNT/SUM/AVG of a column, not "
          + kind);
    }
    if (ignoreNulls && !(kind == Kind.LAG || kind == Kind.LEAD || kind == Kind.FIRST_VALUE
        || kind == Kind.LAST_VALUE || kind == Kind.NTH_VALUE)) {
      throw new IllegalArgumentException("IGNORE NULLS applies to LAG, LEAD, FIRST_VALUE, "
          + "LAST_VALUE and NTH_VALUE, not " + kind);
    }
  }

  /** This function with DISTINCT and IGNORE NULLS set as given. */
  public WindowFunction with(boolean distinct, boolean ignoreNulls) {
    return new WindowFunction(kind, argument, parameter, defaultColumn, defaultValue, output,
        distinct, ignoreNulls);
  }

  /** The supported functions. */
  public enum Kind {
    ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE,
    LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTH_VALUE,
    /** COUNT(*) when {@code argument} is -1, else COUNT(x). */
    COUNT,
    /** SUM: NULL over an empty or all-NULL frame. */
    SUM,
    /** Calcite's $SUM0: 0 over an empty or all-NULL frame. */
    SUM0,
    AVG, MIN, MAX;

    /** Whether the result depends on the frame (rather than on the partition and peers only). */
    boolean framed() {
      return switch (this) {
        case FIRST_VALUE, LAST_VALUE, NTH_VALUE, COUNT, SUM, SUM0, AVG, MIN, MAX -> true;
        default -> false;
      };
    }

    /** Whether the result depends on peer groups (rows equal on the ORDER BY keys). */
    boolean peered() {
      return this == RANK || this == DENSE_RANK || this == PERCENT_RANK || this == CUME_DIST;
    }
  }

  /** A function without argument or parameter (ROW_NUMBER, RANK, COUNT(*), ...). */
  public static WindowFunction of(Kind kind, Field output) {
    return new WindowFunction(kind, -1, 0, -1, null, output);
  }

  /** A function of one input column (SUM(x), FIRST_VALUE(x), ...). */
  public static WindowFunction of(Kind kind, int argument, Field output) {
    return new WindowFunction(kind, argument, 0, -1, null, output);
  }
}
