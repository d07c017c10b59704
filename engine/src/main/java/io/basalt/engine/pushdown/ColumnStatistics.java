package io.basalt.engine.pushdown;

/**
 * What is known about one column's values over some rows (a file's partition value, a row group's
 * chunk, a page): bounds in the column's native representation (Long for integers, dates and
 * timestamps; BigDecimal; Double; UTF-8 byte[]; Boolean) — null when unknown — and the null count
 * (-1 when unknown) out of {@code rowCount} rows.
 *
 * <p>Bounds need not be exact (truncated strings are fine) as long as every non-null value lies
 * between them.
 */
public record ColumnStatistics(Object min, Object max, long nullCount, long rowCount) {
  /** Statistics of {@code rowCount} rows that all hold {@code value} (a partition value). */
  public static ColumnStatistics constant(Object value, long rowCount) {
    return value == null
        ? new ColumnStatistics(null, null, rowCount, rowCount)
        : new ColumnStatistics(value, value, 0, rowCount);
  }

  /** True when every row is known to be NULL. */
  public boolean allNull() {
    return nullCount >= 0 && nullCount >= rowCount;
  }
}
