package io.basalt.engine.pushdown;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Decides from statistics whether any row might satisfy a bound predicate — the test behind every
 * skip of a file, row group or page. Sound by construction: it answers "no" only when the
 * statistics prove that no row can make the predicate TRUE (rows where it is FALSE or NULL are
 * filtered out alike); anything unknown answers "maybe".
 *
 * <p>Strings compare as UTF-8 bytes (code point order) here, while the SQL layer compares Java
 * strings (UTF-16 order). The two orders agree unless a code point at or above U+E000 is involved,
 * so a string bound or literal containing one (a UTF-8 byte {@code >= 0xEE}) is treated as unknown.
 */
public final class StatisticsPruner {
  private final List<ArrowType> columnTypes;

  /** @param columnTypes the Arrow type of every dataset column, by column index */
  public StatisticsPruner(List<ArrowType> columnTypes) {
    this.columnTypes = List.copyOf(columnTypes);
  }

  /**
   * Whether a row with these statistics might satisfy {@code bound}.
   *
   * @param statistics per dataset column; null (or a column mapped to null) means unknown
   */
  public boolean mayMatch(ScanPredicate bound, IntFunction<ColumnStatistics> statistics) {
    if (bound instanceof ScanPredicate.And a) {
      for (ScanPredicate t : a.terms()) {
        if (!mayMatch(t, statistics)) {
          return false;
        }
      }
      return true;
    }
    if (bound instanceof ScanPredicate.Or o) {
      for (ScanPredicate t : o.terms()) {
        if (mayMatch(t, statistics)) {
          return true;
        }
      }
      return false;
    }
    if (bound instanceof ScanPredicate.Compare c) {
      return compare(c.column(), c.domain(), c.op(), ((Operand.Literal) c.value()).value(),
          statistics.apply(c.column()));
    }
    if (bound instanceof ScanPredicate.InList i) {
      return inList(i, statistics.apply(i.column()));
    }
    if (bound instanceof ScanPredicate.IsNull n) {
      return isNull(n, statistics.apply(n.column()));
    }
    if (bound instanceof ScanPredicate.KeySet k) {
      return keySet(k, statistics.apply(k.column()));
    }
    if (bound instanceof ScanPredicate.NotStartsWith n) {
      return notStartsWith(n, statistics.apply(n.column()));
    }
    if (bound instanceof ScanPredicate.Like) {
      throw new IllegalStateException("LIKE must be bound before pruning");
    }
    return true; // Unknown
  }

  /**
   * The rows of a row group that might satisfy {@code bound}, from per-page statistics.
   *
   * @param pages for each dataset column, its pages' row intervals and statistics, or null when
   *     the column has no page index (or is not in the file)
   * @param partitionStatistics statistics of partition columns (constant per file); null if none
   */
  public RowRanges matchingRows(ScanPredicate bound, IntFunction<List<PageStatistics>> pages,
      IntFunction<ColumnStatistics> partitionStatistics, long rowCount) {
    if (bound instanceof ScanPredicate.And a) {
      RowRanges r = RowRanges.all(rowCount);
      for (ScanPredicate t : a.terms()) {
        r = r.intersect(matchingRows(t, pages, partitionStatistics, rowCount));
        if (r.isEmpty()) {
          break;
        }
      }
      return r;
    }
    if (bound instanceof ScanPredicate.Or o) {
      RowRanges r = RowRanges.empty();
      for (ScanPredicate t : o.terms()) {
        r = r.union(matchingRows(t, pages, partitionStatistics, rowCount));
      }
      return r;
    }
    if (bound instanceof ScanPredicate.Unknown) {
      return RowRanges.all(rowCount);
    }
    return leafRows(bound, pages, partitionStatistics, rowCount);
  }

  private RowRanges leafRows(ScanPredicate leaf, IntFunction<List<PageStatistics>> pages,
      IntFunction<ColumnStatistics> partitionStatistics, long rowCount) {
    int column = leaf.columns().get(0);
    ColumnStatistics constant = partitionStatistics == null ? null
        : partitionStatistics.apply(column);
    if (constant != null) {
      return mayMatch(leaf, c -> c == column ? constant : null)
          ? RowRanges.all(rowCount) : RowRanges.empty();
    }
    List<PageStatistics> columnPages = pages.apply(column);
    if (columnPages == null) {
      return RowRanges.all(rowCount);
    }
    List<long[]> keep = new ArrayList<>();
    for (PageStatistics page : columnPages) {
      if (mayMatch(leaf, c -> c == column ? page.statistics() : null)) {
        keep.add(new long[] {page.firstRow(), page.endRow()});
      }
    }
    return RowRanges.of(keep);
  }

  /** One page of a column: rows {@code [firstRow, endRow)} and what its index says about them. */
  public record PageStatistics(long firstRow, long endRow, ColumnStatistics statistics) {}

  private boolean compare(int column, ValueDomain domain, CompareOp op, Object value,
      ColumnStatistics stats) {
    if (value == null) {
      return false; // a comparison with NULL is never TRUE
    }
    if (stats == null) {
      return true;
    }
    if (stats.allNull()) {
      return false;
    }
    if (domain == ValueDomain.APPROX && op == CompareOp.NE) {
      return true; // NaN is unequal to everything and never appears in bounds
    }
    ArrowType type = columnTypes.get(column);
    Object min = DomainValues.fromNative(type, domain, stats.min());
    Object max = DomainValues.fromNative(type, domain, stats.max());
    if (min == null || max == null) {
      return true;
    }
    if (domain == ValueDomain.STRING
        && (!orderSafe((byte[]) min) || !orderSafe((byte[]) max) || !orderSafe((byte[]) value))) {
      return true;
    }
    return switch (op) {
      case EQ -> domain.compare(min, value) <= 0 && domain.compare(value, max) <= 0;
      case NE -> !(domain.compare(min, value) == 0 && domain.compare(max, value) == 0);
      case LT -> domain.compare(min, value) < 0;
      case LE -> domain.compare(min, value) <= 0;
      case GT -> domain.compare(max, value) > 0;
      case GE -> domain.compare(max, value) >= 0;
    };
  }

  /** Whether some value of the key set lies within the chunk's bounds. */
  private boolean keySet(ScanPredicate.KeySet k, ColumnStatistics stats) {
    if (stats == null) {
      return true;
    }
    if (stats.allNull()) {
      return false;
    }
    ArrowType type = columnTypes.get(k.column());
    Long lo = integral(DomainValues.fromNative(type, k.domain(), stats.min()), true);
    Long hi = integral(DomainValues.fromNative(type, k.domain(), stats.max()), false);
    if (lo == null || hi == null) {
      return true;
    }
    return k.anyWithin(lo, hi);
  }

  /** An integer or date bound as a long (rounded inwards), or null when it is not one. */
  private static Long integral(Object bound, boolean lower) {
    if (bound instanceof Long l) {
      return l;
    }
    if (bound instanceof java.math.BigDecimal d) {
      try {
        return d.setScale(0, lower ? java.math.RoundingMode.CEILING
            : java.math.RoundingMode.FLOOR).longValueExact();
      } catch (ArithmeticException e) {
        return null;
      }
    }
    return null;
  }

  private boolean inList(ScanPredicate.InList in, ColumnStatistics stats) {
    if (in.negated()) {
      for (Operand v : in.values()) {
        if (!compare(in.column(), in.domain(), CompareOp.NE, ((Operand.Literal) v).value(),
            stats)) {
          return false;
        }
      }
      return true;
    }
    for (Operand v : in.values()) {
      if (compare(in.column(), in.domain(), CompareOp.EQ, ((Operand.Literal) v).value(), stats)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isNull(ScanPredicate.IsNull n, ColumnStatistics stats) {
    if (stats == null || stats.nullCount() < 0) {
      return true;
    }
    return n.negated() ? stats.nullCount() < stats.rowCount() : stats.nullCount() > 0;
  }

  private boolean notStartsWith(ScanPredicate.NotStartsWith n, ColumnStatistics stats) {
    if (stats == null) {
      return true;
    }
    if (stats.allNull()) {
      return false;
    }
    Object min = DomainValues.fromNative(columnTypes.get(n.column()), ValueDomain.STRING,
        stats.min());
    Object max = DomainValues.fromNative(columnTypes.get(n.column()), ValueDomain.STRING,
        stats.max());
    if (min == null || max == null) {
      return true;
    }
    // Every string between two strings with prefix p has prefix p too (byte order).
    return !(startsWith((byte[]) min, n.prefix()) && startsWith((byte[]) max, n.prefix()));
  }

  private static boolean startsWith(byte[] value, byte[] prefix) {
    return value.length >= prefix.length
        && java.util.Arrays.equals(value, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** True when no byte starts a code point at or above U+E000, where UTF-8 and UTF-16 orders differ. */
  private static boolean orderSafe(byte[] utf8) {
    for (byte b : utf8) {
      if ((b & 0xFF) >= 0xEE) {
        return false;
      }
    }
    return true;
  }
}
