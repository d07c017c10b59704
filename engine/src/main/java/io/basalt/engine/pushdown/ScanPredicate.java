package io.basalt.engine.pushdown;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * A predicate pushed into a Parquet scan, over the dataset's columns (by index). It is used only to
 * skip data — files, row groups, pages — that cannot satisfy it; the query still evaluates its
 * exact filter on the rows read, so a predicate here may be weaker than the query's (parts that
 * cannot be pushed are left out of a conjunction) but never stronger.
 *
 * <p>Negations are pushed down to the leaves when the predicate is built ({@code NOT (a < 5)}
 * becomes {@code a >= 5}), so there is no NOT node. A predicate with {@link Operand.Parameter}s is
 * {@linkplain PredicateBinder bound} to literals before each execution.
 */
public sealed interface ScanPredicate {
  /** Renders the predicate for EXPLAIN, naming columns with {@code columnName}. */
  String describe(IntFunction<String> columnName);

  /** Every column this predicate reads, in first-use order. */
  default List<Integer> columns() {
    List<Integer> out = new ArrayList<>();
    collectColumns(this, out);
    return out;
  }

  private static void collectColumns(ScanPredicate p, List<Integer> out) {
    if (p instanceof And a) {
      a.terms().forEach(t -> collectColumns(t, out));
    } else if (p instanceof Or o) {
      o.terms().forEach(t -> collectColumns(t, out));
    } else if (p instanceof Compare c) {
      addOnce(out, c.column());
    } else if (p instanceof InList i) {
      addOnce(out, i.column());
    } else if (p instanceof IsNull n) {
      addOnce(out, n.column());
    } else if (p instanceof Like l) {
      addOnce(out, l.column());
    } else if (p instanceof NotStartsWith n) {
      addOnce(out, n.column());
    } else if (p instanceof KeySet k) {
      addOnce(out, k.column());
    }
  }

  private static void addOnce(List<Integer> out, int column) {
    if (!out.contains(column)) {
      out.add(column);
    }
  }

  /** Every term holds. */
  record And(List<ScanPredicate> terms) implements ScanPredicate {
    public And {
      terms = List.copyOf(terms);
    }

    @Override
    public String describe(IntFunction<String> columnName) {
      return terms.stream().map(t -> wrap(t, columnName)).collect(Collectors.joining(" AND "));
    }
  }

  /** At least one term holds. */
  record Or(List<ScanPredicate> terms) implements ScanPredicate {
    public Or {
      terms = List.copyOf(terms);
    }

    @Override
    public String describe(IntFunction<String> columnName) {
      return terms.stream().map(t -> wrap(t, columnName)).collect(Collectors.joining(" OR "));
    }
  }

  /** {@code column op value}, decided in {@code domain}. */
  record Compare(int column, ValueDomain domain, CompareOp op, Operand value)
      implements ScanPredicate {
    @Override
    public String describe(IntFunction<String> columnName) {
      return columnName.apply(column) + " " + op.symbol() + " " + operand(domain, value);
    }
  }

  /** {@code column IN (values)}, or {@code NOT IN} when {@code negated}. */
  record InList(int column, ValueDomain domain, List<Operand> values, boolean negated)
      implements ScanPredicate {
    public InList {
      values = List.copyOf(values);
    }

    @Override
    public String describe(IntFunction<String> columnName) {
      return columnName.apply(column) + (negated ? " NOT IN (" : " IN (")
          + values.stream().map(v -> operand(domain, v)).collect(Collectors.joining(", ")) + ")";
    }
  }

  /**
   * {@code column IN (set)} for a large set of integer or date values known only at run time: the
   * keys of a hash join's build side, pushed to the scan of the probe side (a runtime filter).
   * Chunks are skipped when no value of the set lies within their min/max, and rows are tested
   * against the set ({@link LongSet}); NULL never matches.
   *
   * @param min the smallest value (days for {@link ValueDomain#DATE})
   * @param max the largest value
   * @param size how many values the set holds (for EXPLAIN)
   * @param set the values, or null when there were too many to keep (then only bounds filter)
   */
  record KeySet(int column, ValueDomain domain, long min, long max, int size, LongSet set)
      implements ScanPredicate {
    public KeySet {
      if (min > max || size <= 0) {
        throw new IllegalArgumentException("a key set needs at least one value");
      }
    }

    /** Whether some value may lie in {@code [lo, hi]}: exact for one value, else by bounds. */
    public boolean anyWithin(long lo, long hi) {
      if (hi < min || lo > max) {
        return false;
      }
      return lo != hi || set == null || set.contains(lo);
    }

    @Override
    public String describe(IntFunction<String> columnName) {
      return columnName.apply(column) + " IN (runtime filter: " + size + " values in [" + min
          + ", " + max + "])";
    }
  }

  /**
   * The values of a {@link KeySet}, for its row tests: a bitmap over {@code [min, max]} when the
   * keys are dense (join keys usually are: surrogate keys, dates), else an open-addressing hash
   * table. The bitmap answers with one bit read from a table that stays in cache (6 M order keys
   * take 750 KB), where a hash probe misses the cache once the table outgrows it; both sit on
   * the Java heap, outside memory_limit, so {@link #of} caps their size.
   */
  final class LongSet {
    // (the interface's nested classes are implicitly public and static)
    /** Largest bitmap kept, in bits (16 MB). */
    static final long MAX_BITMAP_BITS = 1L << 27;
    /**
     * A bitmap is used when it takes at most this many bits per key: 16 bytes, no more than the
     * hash table would take (2 to 4 slots of 8 bytes per key), and one bit read instead of a hash
     * probe. At 64, TPC-H Q10's 57 K order keys over 6 M (105 bits each) were hashed, and probing
     * that table was Q10's hottest frame.
     */
    private static final long BITS_PER_KEY = 128;
    /** Bitmaps up to this many bits are used however sparse the keys. */
    private static final long SMALL_BITMAP_BITS = 1L << 20;

    private final long min;
    private final long max;
    /** Bit {@code v - min} set for each value v; null in hash mode. */
    private final long[] bits;
    private final long[] table;
    private final boolean hasZero;
    private final int mask;
    private final int size;

    /**
     * The distinct values among {@code values[i]} where {@code keep[i]}, of which {@code min} and
     * {@code max} are the extremes; null when they are too many to keep: more than {@code
     * maxHashed} and too sparse for a bitmap.
     */
    public static LongSet of(long[] values, boolean[] keep, int count, long min, long max,
        int maxHashed) {
      boolean dense = bitmapFits(min, max, count);
      return dense || count <= maxHashed ? new LongSet(values, keep, count, min, max, dense)
          : null;
    }

    private LongSet(long[] values, boolean[] keep, int count, long min, long max,
        boolean bitmap) {
      this.min = min;
      this.max = max;
      if (bitmap) {
        bits = new long[(int) (((max - min) >>> 6) + 1)];
        int distinct = 0;
        for (int i = 0; i < count; i++) {
          if (keep[i]) {
            long d = values[i] - min;
            long word = bits[(int) (d >>> 6)];
            long bit = 1L << d;
            if ((word & bit) == 0) {
              bits[(int) (d >>> 6)] = word | bit;
              distinct++;
            }
          }
        }
        table = null;
        hasZero = false;
        mask = 0;
        size = distinct;
        return;
      }
      bits = null;
      int capacity = Integer.highestOneBit(Math.max(4, count) * 2 - 1) << 1;
      table = new long[capacity];
      mask = capacity - 1;
      boolean zero = false;
      int distinct = 0;
      for (int i = 0; i < count; i++) {
        if (!keep[i]) {
          continue;
        }
        long v = values[i];
        if (v == 0) {
          zero = true; // 0 marks empty slots
          continue;
        }
        int slot = slot(v);
        while (table[slot] != 0 && table[slot] != v) {
          slot = (slot + 1) & mask;
        }
        if (table[slot] == 0) {
          table[slot] = v;
          distinct++;
        }
      }
      hasZero = zero;
      size = distinct + (zero ? 1 : 0);
    }

    private static boolean bitmapFits(long min, long max, int count) {
      if (min > max) {
        return false;
      }
      long span = max - min; // may overflow for extreme ranges: then negative, and refused
      // Any bitmap up to 1 M bits (128 KB, cache-resident) beats hashing; beyond that, only a
      // dense one is worth its memory.
      return span >= 0 && span < MAX_BITMAP_BITS
          && (span < SMALL_BITMAP_BITS || span < BITS_PER_KEY * (long) count);
    }

    /** How many distinct values the set holds. */
    public int size() {
      return size;
    }

    /** The bitmap (bit {@code v - bitmapBase()} per value), or null when the set is hashed. */
    public long[] bitmap() {
      return bits;
    }

    /** The value of the bitmap's bit 0. */
    public long bitmapBase() {
      return min;
    }

    private int slot(long v) {
      long h = v * 0x9E3779B97F4A7C15L;
      return (int) (h >>> 40) & mask;
    }

    /** Whether {@code v} is in the set. */
    public boolean contains(long v) {
      if (bits != null) {
        if (v < min || v > max) {
          return false;
        }
        long d = v - min;
        return (bits[(int) (d >>> 6)] & (1L << d)) != 0;
      }
      if (v == 0) {
        return hasZero;
      }
      int slot = slot(v);
      while (true) {
        long t = table[slot];
        if (t == v) {
          return true;
        }
        if (t == 0) {
          return false;
        }
        slot = (slot + 1) & mask;
      }
    }
  }

  /** {@code column IS NULL}, or {@code IS NOT NULL} when {@code negated}. */
  record IsNull(int column, boolean negated) implements ScanPredicate {
    @Override
    public String describe(IntFunction<String> columnName) {
      return columnName.apply(column) + (negated ? " IS NOT NULL" : " IS NULL");
    }
  }

  /**
   * {@code column LIKE pattern} (or {@code NOT LIKE}) on a string column, without an escape
   * character; only the literal prefix before the first wildcard is used for skipping.
   */
  record Like(int column, Operand pattern, boolean negated) implements ScanPredicate {
    @Override
    public String describe(IntFunction<String> columnName) {
      return columnName.apply(column) + (negated ? " NOT LIKE " : " LIKE ")
          + operand(ValueDomain.STRING, pattern);
    }
  }

  /**
   * {@code column NOT LIKE 'prefix%…'} once bound: no row can match where every value starts with
   * {@code prefix} (UTF-8 bytes).
   */
  record NotStartsWith(int column, byte[] prefix) implements ScanPredicate {
    @Override
    public String describe(IntFunction<String> columnName) {
      return columnName.apply(column) + " NOT LIKE "
          + ValueDomain.STRING.format(prefix).replaceFirst("'$", "%'");
    }
  }

  /** Cannot be decided from statistics (e.g. a parameter that did not convert): may match. */
  record Unknown(String why) implements ScanPredicate {
    @Override
    public String describe(IntFunction<String> columnName) {
      return "UNKNOWN(" + why + ")";
    }
  }

  private static String wrap(ScanPredicate p, IntFunction<String> columnName) {
    String s = p.describe(columnName);
    return p instanceof And || p instanceof Or ? "(" + s + ")" : s;
  }

  private static String operand(ValueDomain domain, Operand o) {
    return o instanceof Operand.Literal l ? domain.format(l.value())
        : "?" + ((Operand.Parameter) o).index();
  }
}
