package io.basalt.engine.exec;

import io.basalt.engine.format.parquet.RowFilter;
import io.basalt.engine.pushdown.ColumnStatistics;
import io.basalt.engine.pushdown.ScanPredicate;
import io.basalt.engine.pushdown.StatisticsPruner;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Late materialization for a scan: keeps the rows of a batch that may satisfy the pushed
 * predicate, judged on the decoded filter columns alone, so that the other columns are decoded
 * only for batches with survivors and downstream operators see fewer rows. Each row is judged as
 * a one-row "chunk" by the {@link StatisticsPruner}, so a row is dropped only when it provably
 * fails (NaN, high code points and anything unknown are kept for the exact filter above).
 *
 * <p>When most rows survive, judging them costs more than it saves; the filter then switches
 * itself off for the rest of the scan.
 */
final class PredicateRowFilter implements RowFilter {
  /** Rows judged before deciding whether filtering pays. */
  private static final long PROBE_ROWS = 100_000;
  /** Filtering stops when more than this share of judged rows survives. */
  private static final double MAX_SURVIVAL = 0.8;

  private final StatisticsPruner pruner;
  private final ScanPredicate predicate;
  /** For each position of the reader's projection, its dataset column; and the reverse. */
  private final int[] datasetColumnAt;
  /** Whether any decoded column feeds the predicate. */
  private final boolean readsAnyColumn;
  private final ColumnStatistics[] constants;
  private final FilterStats stats;
  /** The selection being narrowed, reused across the batches of a row group. */
  private int[] kept = new int[0];
  /** Where {@link #narrow} gets its columns, during one {@link #select}. */
  private ColumnLoader loader;

  /** Survival bookkeeping shared by the filters of one scan, across row groups. */
  static final class FilterStats {
    long judged;
    long kept;
    boolean disabled;
  }

  /**
   * @param datasetColumnAt the dataset column of each decoded position
   * @param constants statistics of predicate columns that are constant in this file (partition
   *     columns, columns the file lacks), by dataset column; null entries elsewhere
   */
  PredicateRowFilter(StatisticsPruner pruner, ScanPredicate predicate, int[] datasetColumnAt,
      ColumnStatistics[] constants, FilterStats stats) {
    this.pruner = pruner;
    this.predicate = predicate;
    this.datasetColumnAt = datasetColumnAt;
    this.constants = constants;
    this.stats = stats;
    java.util.List<Integer> used = predicate.columns();
    boolean any = false;
    for (int column : datasetColumnAt) {
      any |= used.contains(column);
    }
    this.readsAnyColumn = any;
  }

  /** Whether any decoded column feeds the predicate (otherwise there is nothing to judge). */
  boolean readsAnyColumn() {
    return readsAnyColumn;
  }

  @Override
  public int[] select(VectorSchemaRoot batch, int rows, ColumnLoader loader) {
    if (stats.disabled) {
      return null;
    }
    if (kept.length < rows) {
      kept = new int[rows];
    }
    int[] kept = this.kept;
    for (int r = 0; r < rows; r++) {
      kept[r] = r;
    }
    this.loader = loader;
    int n;
    try {
      n = narrow(predicate, batch, kept, rows);
    } finally {
      this.loader = null;
    }
    stats.judged += rows;
    stats.kept += n;
    if (stats.judged >= PROBE_ROWS && stats.kept > MAX_SURVIVAL * stats.judged) {
      stats.disabled = true;
    }
    return n == rows ? null : java.util.Arrays.copyOf(kept, n);
  }

  /**
   * Keeps, of the {@code n} rows listed in {@code selection}, those that may match {@code p};
   * returns how many remain (compacted to the front). Conjunctions narrow term by term, so later
   * terms see only survivors; integer, date and short-decimal comparisons run as typed loops.
   */
  private int narrow(ScanPredicate p, VectorSchemaRoot batch, int[] selection, int n) {
    if (p instanceof ScanPredicate.And and) {
      for (ScanPredicate term : cheapestFirst(and)) {
        if (n == 0) {
          break;
        }
        n = narrow(term, batch, selection, n);
      }
      return n;
    }
    for (int column : p.columns()) { // decoded now, for the rows earlier terms kept
      int position = positionOf(column);
      if (position >= 0) {
        loader.load(position, selection, n);
      }
    }
    if (p instanceof ScanPredicate.Compare c) {
      int m = LongRangeFilter.narrow(c, batch, positionOf(c.column()), selection, n);
      if (m >= 0) {
        return m;
      }
    }
    if (p instanceof ScanPredicate.KeySet k) {
      int m = LongRangeFilter.narrow(k, batch, positionOf(k.column()), selection, n);
      if (m >= 0) {
        return m;
      }
    }
    if (p instanceof ScanPredicate.InList in) {
      int m = LongRangeFilter.narrow(in, batch, positionOf(in.column()), selection, n);
      if (m >= 0) {
        return m;
      }
    }
    if (p instanceof ScanPredicate.Compare || p instanceof ScanPredicate.InList) {
      int column = p instanceof ScanPredicate.Compare c ? c.column()
          : ((ScanPredicate.InList) p).column();
      int m = StringEqualityFilter.narrow(p, batch, positionOf(column), selection, n);
      if (m >= 0) {
        return m;
      }
    }
    if (p instanceof ScanPredicate.Compare c) {
      int m = StringRangeFilter.narrow(c, batch, positionOf(c.column()), selection, n);
      if (m >= 0) {
        return m;
      }
    }
    RowTest test = compile(p, batch);
    int m = 0;
    for (int j = 0; j < n; j++) {
      int r = selection[j];
      if (test.mayMatch(r)) {
        selection[m++] = r;
      }
    }
    return m;
  }

  /**
   * The terms of {@code and} in the order to test them: typed loops first (runtime key sets,
   * smallest first, then comparisons of numbers and dates, then of strings), row-by-row tests
   * last, so that the slow tests see only the rows the fast ones kept — and, as each term loads
   * its columns for the rows still selected, decode only those. Computed once per predicate.
   */
  private ScanPredicate[] cheapestFirst(ScanPredicate.And and) {
    ScanPredicate[] ordered = orderedTerms.get(and);
    if (ordered == null) {
      ordered = and.terms().toArray(new ScanPredicate[0]);
      java.util.Arrays.sort(ordered, java.util.Comparator.comparingLong(PredicateRowFilter::cost));
      orderedTerms.put(and, ordered);
    }
    return ordered;
  }

  /** Key sets above this size are tested after the comparisons (see {@link #cost}). */
  static final int LARGE_KEY_SET = 1 << 16;

  static long cost(ScanPredicate p) {
    if (p instanceof ScanPredicate.KeySet k) {
      // Small sets come from selective builds and their lookups hit the cache: first. A large
      // set holds most of a table's keys (TPC-H Q12's 1.5 million orders) and drops few rows at
      // a hash lookup each: after the comparisons of numbers and dates.
      return k.size() <= LARGE_KEY_SET ? k.size() : (1L << 22) + k.size();
    }
    io.basalt.engine.pushdown.ValueDomain domain = p instanceof ScanPredicate.Compare c
        ? c.domain() : p instanceof ScanPredicate.InList in ? in.domain() : null;
    if (domain != null) {
      // Strings cost a decode and a byte compare per row; numbers and dates a primitive test.
      return domain == io.basalt.engine.pushdown.ValueDomain.STRING ? 1L << 23 : 1L << 22;
    }
    return 1L << 24;
  }

  private final java.util.Map<ScanPredicate.And, ScanPredicate[]> orderedTerms =
      new java.util.IdentityHashMap<>();

  /** A per-row test over one batch's vectors. */
  @FunctionalInterface
  private interface RowTest {
    boolean mayMatch(int row);
  }

  /**
   * Compiles {@code p} against {@code batch}: comparisons of integer and date columns with
   * integer literals become primitive tests; anything else asks the pruner row by row.
   */
  private RowTest compile(ScanPredicate p, VectorSchemaRoot batch) {
    if (p instanceof ScanPredicate.And and) {
      RowTest[] terms = and.terms().stream().map(t -> compile(t, batch)).toArray(RowTest[]::new);
      return row -> {
        for (RowTest t : terms) {
          if (!t.mayMatch(row)) {
            return false;
          }
        }
        return true;
      };
    }
    if (p instanceof ScanPredicate.Or or) {
      RowTest[] terms = or.terms().stream().map(t -> compile(t, batch)).toArray(RowTest[]::new);
      return row -> {
        for (RowTest t : terms) {
          if (t.mayMatch(row)) {
            return true;
          }
        }
        return false;
      };
    }
    if (p instanceof ScanPredicate.Compare c) {
      RowTest fast = primitiveCompare(c, batch);
      if (fast != null) {
        return fast;
      }
    }
    return generic(p, batch);
  }

  private RowTest primitiveCompare(ScanPredicate.Compare c, VectorSchemaRoot batch) {
    int position = positionOf(c.column());
    Object value = ((io.basalt.engine.pushdown.Operand.Literal) c.value()).value();
    if (position < 0 || value == null) {
      return null;
    }
    RowTest decimal = decimalCompare(c, batch.getVector(position));
    if (decimal != null) {
      return decimal;
    }
    long literal;
    if (c.domain() == io.basalt.engine.pushdown.ValueDomain.DATE && value instanceof Long l) {
      literal = l;
    } else if (c.domain() == io.basalt.engine.pushdown.ValueDomain.EXACT
        && value instanceof java.math.BigDecimal d) {
      try {
        literal = d.longValueExact();
      } catch (ArithmeticException e) {
        return null;
      }
    } else {
      return null;
    }
    FieldVector v = batch.getVector(position);
    io.basalt.engine.pushdown.CompareOp op = c.op();
    if (v instanceof DateDayVector x && c.domain() == io.basalt.engine.pushdown.ValueDomain.DATE) {
      return row -> !x.isNull(row) && op.test(Long.compare(x.get(row), literal));
    }
    if (c.domain() != io.basalt.engine.pushdown.ValueDomain.EXACT) {
      return null;
    }
    if (v instanceof IntVector x) {
      return row -> !x.isNull(row) && op.test(Long.compare(x.get(row), literal));
    }
    if (v instanceof BigIntVector x) {
      return row -> !x.isNull(row) && op.test(Long.compare(x.get(row), literal));
    }
    return null;
  }

  /** A short decimal (precision ≤ 18) compared with a literal, as a range of unscaled longs. */
  private static RowTest decimalCompare(ScanPredicate.Compare c, FieldVector v) {
    if (!(v instanceof DecimalVector x) || x.getPrecision() > 18
        || c.domain() != io.basalt.engine.pushdown.ValueDomain.EXACT
        || !(((io.basalt.engine.pushdown.Operand.Literal) c.value()).value()
            instanceof java.math.BigDecimal d)) {
      return null;
    }
    long[] range = LongRangeFilter.range(c.op(), d.movePointRight(x.getScale()));
    if (range == null) {
      return null;
    }
    long lo = range[0];
    long hi = range[1];
    org.apache.arrow.memory.ArrowBuf data = x.getDataBuffer();
    return row -> {
      if (x.isNull(row)) {
        return false;
      }
      long unscaled = data.getLong((long) row * 16);
      return unscaled >= lo && unscaled <= hi;
    };
  }

  private RowTest generic(ScanPredicate p, VectorSchemaRoot batch) {
    ColumnStatistics[] row = constants.clone();
    // Only p's own columns: the others may not be loaded for this batch.
    int[] positions = p.columns().stream().mapToInt(this::positionOf).filter(i -> i >= 0)
        .toArray();
    return r -> {
      for (int i : positions) {
        row[datasetColumnAt[i]] = valueStatistics(batch.getVector(i), r);
      }
      return pruner.mayMatch(p, c -> row[c]);
    };
  }

  /** The decoded position of dataset column {@code column}, or -1. */
  private int positionOf(int column) {
    for (int i = 0; i < datasetColumnAt.length; i++) {
      if (datasetColumnAt[i] == column) {
        return i;
      }
    }
    return -1;
  }

  /** One row's value as statistics of a one-row chunk; unknown bounds where not comparable. */
  private static ColumnStatistics valueStatistics(FieldVector v, int row) {
    if (v.isNull(row)) {
      return ColumnStatistics.constant(null, 1);
    }
    Object value;
    if (v instanceof IntVector x) {
      value = (long) x.get(row);
    } else if (v instanceof BigIntVector x) {
      value = x.get(row);
    } else if (v instanceof DateDayVector x) {
      value = (long) x.get(row);
    } else if (v instanceof DecimalVector x) {
      value = x.getObject(row);
    } else if (v instanceof VarCharVector x) {
      value = x.get(row);
    } else if (v instanceof Float8Vector x) {
      double d = x.get(row);
      value = Double.isNaN(d) ? null : d;
    } else if (v instanceof Float4Vector x) {
      float f = x.get(row);
      value = Float.isNaN(f) ? null : (double) f;
    } else if (v instanceof SmallIntVector x) {
      value = (long) x.get(row);
    } else if (v instanceof TinyIntVector x) {
      value = (long) x.get(row);
    } else if (v instanceof TimeStampVector x) {
      value = x.get(row);
    } else if (v instanceof BitVector x) {
      value = x.get(row) != 0;
    } else {
      value = null;
    }
    return value == null ? new ColumnStatistics(null, null, 0, 1) : new ColumnStatistics(value, value, 0, 1);
  }
}
