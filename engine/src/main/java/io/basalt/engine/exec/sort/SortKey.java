package io.basalt.engine.exec.sort;

/**
 * One ORDER BY key: a column of the input and how to order it. The planner resolves SQL's default
 * null placement before building the key, so both flags are explicit here.
 *
 * @param column input column index
 * @param descending larger values first
 * @param nullsFirst NULL before every value (whatever the direction)
 */
public record SortKey(int column, boolean descending, boolean nullsFirst) {
  /** Ascending with NULLs last: SQL's default for an ascending key. */
  public static SortKey asc(int column) {
    return new SortKey(column, false, false);
  }

  /** Descending with NULLs first: SQL's default for a descending key (NULL sorts high). */
  public static SortKey desc(int column) {
    return new SortKey(column, true, true);
  }

  @Override
  public String toString() {
    return "$" + column + (descending ? " DESC" : " ASC") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
  }
}
