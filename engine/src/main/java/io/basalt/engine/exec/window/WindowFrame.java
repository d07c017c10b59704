package io.basalt.engine.exec.window;

/**
 * The frame of a window group: which rows of its partition, relative to the current row, an
 * aggregate or FIRST_VALUE/LAST_VALUE/NTH_VALUE sees.
 *
 * <p>ROWS frames count rows. RANGE frames are defined by the ORDER BY value: CURRENT ROW means the
 * current row's peers (rows equal on every ORDER BY key); an offset means "values within {@code
 * offset} of the current row's value" on the single ORDER BY key, in that key's units (days for a
 * DATE, the unscaled value for a DECIMAL, the timestamp's unit for a TIMESTAMP).
 *
 * @param rows ROWS (true) or RANGE (false)
 * @param lower the first row of the frame
 * @param upper the last row of the frame (inclusive)
 */
public record WindowFrame(boolean rows, Bound lower, Bound upper) {
  /** SQL's default frame with an ORDER BY: RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW. */
  public static final WindowFrame DEFAULT = new WindowFrame(false,
      new Bound(BoundKind.UNBOUNDED_PRECEDING, 0), new Bound(BoundKind.CURRENT_ROW, 0));

  /** The whole partition (the default frame without ORDER BY). */
  public static final WindowFrame WHOLE = new WindowFrame(true,
      new Bound(BoundKind.UNBOUNDED_PRECEDING, 0), new Bound(BoundKind.UNBOUNDED_FOLLOWING, 0));

  /** Where a frame bound lies relative to the current row. */
  public enum BoundKind {
    UNBOUNDED_PRECEDING, PRECEDING, CURRENT_ROW, FOLLOWING, UNBOUNDED_FOLLOWING
  }

  /**
   * One frame bound.
   *
   * @param offset for PRECEDING / FOLLOWING, how far (rows, or ORDER BY units for RANGE); at least 0
   */
  public record Bound(BoundKind kind, long offset) {
    public Bound {
      if (offset < 0) {
        throw new IllegalArgumentException("negative frame offset " + offset);
      }
    }

    /** Whether the bound needs an offset on the ORDER BY value (a RANGE offset bound). */
    boolean hasOffset() {
      return kind == BoundKind.PRECEDING || kind == BoundKind.FOLLOWING;
    }

    @Override
    public String toString() {
      return switch (kind) {
        case UNBOUNDED_PRECEDING -> "UNBOUNDED PRECEDING";
        case UNBOUNDED_FOLLOWING -> "UNBOUNDED FOLLOWING";
        case CURRENT_ROW -> "CURRENT ROW";
        case PRECEDING -> offset + " PRECEDING";
        case FOLLOWING -> offset + " FOLLOWING";
      };
    }
  }

  /** Whether the frame uses a RANGE offset (which needs a single numeric ORDER BY key). */
  public boolean rangeOffsets() {
    return !rows && (lower.hasOffset() || upper.hasOffset());
  }

  @Override
  public String toString() {
    return (rows ? "ROWS" : "RANGE") + " BETWEEN " + lower + " AND " + upper;
  }
}
