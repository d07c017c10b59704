package io.basalt.engine.exec.join;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.ByteFunctionHelpers;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Join keys as Java arrays: each key column of a batch is read once, in a typed loop, into
 * {@code long[]} (integers, dates, timestamps, booleans, normalized floating-point bits, decimals'
 * low 64 bits), plus the high 64 bits for decimals wider than 18 digits; variable-width keys stay in
 * their Arrow vector and contribute a hash of their bytes. Row hashes are combined column by column.
 * The same code reads build and probe batches, so equal keys hash equally on both sides.
 */
public final class JoinKeys {
  /** How one key column is represented. */
  public enum Kind {
    /** One long per row. */
    LONG,
    /** Two longs per row (128-bit decimal). */
    LONG2,
    /** Bytes in the Arrow vector (strings, binary). */
    BYTES
  }

  private JoinKeys() {}

  /** The representation for a key pair of these two fields; throws when they cannot be equal. */
  public static Kind kind(Field probe, Field build) {
    Kind a = kindOf(probe.getType());
    Kind b = kindOf(build.getType());
    if (a == Kind.BYTES || b == Kind.BYTES) {
      if (a != b) {
        throw new IllegalArgumentException("join key types differ: " + probe + " vs " + build);
      }
      return Kind.BYTES;
    }
    boolean floatA = probe.getType() instanceof ArrowType.FloatingPoint;
    boolean floatB = build.getType() instanceof ArrowType.FloatingPoint;
    boolean decA = probe.getType() instanceof ArrowType.Decimal;
    boolean decB = build.getType() instanceof ArrowType.Decimal;
    if (floatA != floatB || decA != decB) {
      throw new IllegalArgumentException("join key types differ: " + probe + " vs " + build);
    }
    if (decA && ((ArrowType.Decimal) probe.getType()).getScale()
        != ((ArrowType.Decimal) build.getType()).getScale()) {
      throw new IllegalArgumentException("join key decimal scales differ: " + probe + " vs " + build);
    }
    // Raw longs compare only within one unit (a millisecond and a microsecond timestamp differ).
    if ((probe.getType() instanceof ArrowType.Timestamp || probe.getType() instanceof ArrowType.Time
        || probe.getType() instanceof ArrowType.Date) && !probe.getType().equals(build.getType())
        && !(probe.getType() instanceof ArrowType.Timestamp pt
            && build.getType() instanceof ArrowType.Timestamp bt && pt.getUnit() == bt.getUnit())) {
      throw new IllegalArgumentException("join key units differ: " + probe + " vs " + build);
    }
    return a == Kind.LONG2 || b == Kind.LONG2 ? Kind.LONG2 : Kind.LONG;
  }

  private static Kind kindOf(ArrowType t) {
    if (t instanceof ArrowType.Utf8 || t instanceof ArrowType.Binary) {
      return Kind.BYTES;
    }
    if (t instanceof ArrowType.Decimal d) {
      return d.getPrecision() <= 18 ? Kind.LONG : Kind.LONG2;
    }
    if (t instanceof ArrowType.Int || t instanceof ArrowType.Date || t instanceof ArrowType.Time
        || t instanceof ArrowType.Timestamp || t instanceof ArrowType.Bool
        || t instanceof ArrowType.FloatingPoint || t instanceof ArrowType.Duration) {
      return Kind.LONG;
    }
    throw new IllegalArgumentException("unsupported join key type " + t);
  }

  /** The keys of one batch: per-row hash, validity and the per-column arrays. Reused per batch. */
  public static final class Keys {
    final int columns;
    public long[] hashes = new long[0];
    /** False where a key compared with {@code =} is NULL: such a row matches nothing. */
    boolean[] valid = new boolean[0];
    final long[][] lo;
    final long[][] hi;
    /** Per column, true where the value is NULL; only filled for null-safe columns. */
    final boolean[][] nulls;
    public int rows;

    public Keys(int columns) {
      this.columns = columns;
      this.lo = new long[columns][];
      this.hi = new long[columns][];
      this.nulls = new boolean[columns][];
    }
  }

  /**
   * Reads the key columns {@code cols} of {@code batch} into {@code out} (arrays grown as needed).
   */
  public static void extract(VectorSchemaRoot batch, int[] cols, Kind[] kinds, boolean[] nullSafe,
      Keys out) {
    int n = batch.getRowCount();
    out.rows = n;
    if (out.hashes.length < n) {
      out.hashes = new long[n];
      out.valid = new boolean[n];
    }
    long[] h = out.hashes;
    boolean[] valid = out.valid;
    java.util.Arrays.fill(h, 0, n, 0L);
    java.util.Arrays.fill(valid, 0, n, true);
    boolean[] scratchNulls = null;
    for (int c = 0; c < cols.length; c++) {
      FieldVector v = batch.getVector(cols[c]);
      boolean hasNulls = v.getNullCount() > 0;
      boolean[] nulls = null;
      if (hasNulls) {
        if (nullSafe[c]) {
          if (out.nulls[c] == null || out.nulls[c].length < n) {
            out.nulls[c] = new boolean[Math.max(n, 16)];
          }
          nulls = out.nulls[c];
        } else {
          if (scratchNulls == null || scratchNulls.length < n) {
            scratchNulls = new boolean[n];
          }
          nulls = scratchNulls;
        }
        for (int i = 0; i < n; i++) {
          nulls[i] = v.isNull(i);
        }
        if (!nullSafe[c]) {
          for (int i = 0; i < n; i++) {
            if (nulls[i]) {
              valid[i] = false;
            }
          }
        }
      } else if (nullSafe[c]) {
        if (out.nulls[c] == null || out.nulls[c].length < n) {
          out.nulls[c] = new boolean[Math.max(n, 16)];
        }
        java.util.Arrays.fill(out.nulls[c], 0, n, false);
      }
      switch (kinds[c]) {
        case LONG -> {
          long[] lo = ensure(out.lo, c, n);
          readLongs(v, n, lo);
          if (nulls != null) {
            for (int i = 0; i < n; i++) {
              if (nulls[i]) {
                lo[i] = 0; // garbage under a NULL must not break null-safe equality
              }
            }
          }
          for (int i = 0; i < n; i++) {
            h[i] = combine(h[i], lo[i]);
          }
        }
        case LONG2 -> {
          long[] lo = ensure(out.lo, c, n);
          long[] hi = ensure(out.hi, c, n);
          readDecimal128(v, n, lo, hi);
          if (nulls != null) {
            for (int i = 0; i < n; i++) {
              if (nulls[i]) {
                lo[i] = 0;
                hi[i] = 0;
              }
            }
          }
          for (int i = 0; i < n; i++) {
            h[i] = combine(h[i], lo[i] * 31 + hi[i]);
          }
        }
        case BYTES -> {
          BaseVariableWidthVector var = (BaseVariableWidthVector) v;
          ArrowBuf offsets = var.getOffsetBuffer();
          ArrowBuf data = var.getDataBuffer();
          for (int i = 0; i < n; i++) {
            if (nulls != null && nulls[i]) {
              h[i] = combine(h[i], 0x5bd1e995L);
              continue;
            }
            int start = offsets.getInt((long) i * 4);
            int end = offsets.getInt((long) (i + 1) * 4);
            h[i] = combine(h[i], hashBytes(data, start, end - start));
          }
        }
        default -> throw new AssertionError(kinds[c]);
      }
      if (nulls != null && nullSafe[c]) {
        for (int i = 0; i < n; i++) {
          if (nulls[i]) {
            h[i] = combine(h[i], 0x27d4eb2f165667c5L); // NULL hashes apart from 0
          }
        }
      }
    }
    // A 2-column key (a, b) must not collide systematically with (b, a): combine() is not
    // symmetric, so it does not. Final avalanche for the bucket index taken from the low bits.
    for (int i = 0; i < n; i++) {
      h[i] = mix(h[i]);
    }
  }

  private static long[] ensure(long[][] arrays, int c, int n) {
    if (arrays[c] == null || arrays[c].length < n) {
      arrays[c] = new long[Math.max(n, 16)];
    }
    return arrays[c];
  }

  /** Integer-like and floating-point values as longs (floats normalized: -0.0 = 0.0, one NaN). */
  static void readLongs(FieldVector v, int n, long[] out) {
    if (v instanceof Float8Vector f) {
      ArrowBuf buf = f.getDataBuffer();
      for (int i = 0; i < n; i++) {
        out[i] = doubleBits(buf.getDouble((long) i * 8));
      }
    } else if (v instanceof Float4Vector f) {
      ArrowBuf buf = f.getDataBuffer();
      for (int i = 0; i < n; i++) {
        out[i] = doubleBits(buf.getFloat((long) i * 4));
      }
    } else if (v instanceof BitVector b) {
      for (int i = 0; i < n; i++) {
        out[i] = b.isNull(i) ? 0 : b.get(i);
      }
    } else if (v instanceof DecimalVector d) {
      ArrowBuf buf = d.getDataBuffer();
      for (int i = 0; i < n; i++) {
        out[i] = buf.getLong((long) i * 16);
      }
    } else if (v instanceof BaseFixedWidthVector fw) {
      ArrowBuf buf = fw.getDataBuffer();
      switch (fw.getTypeWidth()) {
        case 8 -> {
          for (int i = 0; i < n; i++) {
            out[i] = buf.getLong((long) i * 8);
          }
        }
        case 4 -> {
          for (int i = 0; i < n; i++) {
            out[i] = buf.getInt((long) i * 4);
          }
        }
        case 2 -> {
          for (int i = 0; i < n; i++) {
            out[i] = buf.getShort((long) i * 2);
          }
        }
        case 1 -> {
          for (int i = 0; i < n; i++) {
            out[i] = buf.getByte(i);
          }
        }
        default -> throw new IllegalArgumentException("unsupported join key " + v.getField());
      }
    } else {
      throw new IllegalArgumentException("unsupported join key " + v.getField());
    }
  }

  /** A decimal's two 64-bit halves (a 64-bit-or-narrower decimal's high half is its sign). */
  private static void readDecimal128(FieldVector v, int n, long[] lo, long[] hi) {
    ArrowBuf buf = ((DecimalVector) v).getDataBuffer();
    for (int i = 0; i < n; i++) {
      lo[i] = buf.getLong((long) i * 16);
      hi[i] = buf.getLong((long) i * 16 + 8);
    }
  }

  static long doubleBits(double d) {
    if (d == 0.0) {
      return 0L;
    }
    if (d != d) {
      return 0x7ff8000000000000L;
    }
    return Double.doubleToRawLongBits(d);
  }

  static long combine(long h, long v) {
    return (h ^ mix(v)) * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
  }

  /** Murmur3's 64-bit finalizer. */
  static long mix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb93e53ca3c4fL;
    k ^= k >>> 33;
    return k;
  }

  /** A hash of {@code length} bytes at {@code start}, eight at a time. */
  static long hashBytes(ArrowBuf data, long start, int length) {
    long h = length * 0x9E3779B97F4A7C15L;
    int i = 0;
    for (; i + 8 <= length; i += 8) {
      h = (h ^ mix(data.getLong(start + i))) * 0xff51afd7ed558ccdL;
    }
    long tail = 0;
    for (int s = 0; i < length; i++, s += 8) {
      tail |= (data.getByte(start + i) & 0xffL) << s;
    }
    return h ^ mix(tail + 1);
  }

  /** Whether two byte ranges are equal. */
  static boolean bytesEqual(ArrowBuf a, long aStart, long aEnd, ArrowBuf b, long bStart,
      long bEnd) {
    if (aEnd - aStart != bEnd - bStart) {
      return false;
    }
    return ByteFunctionHelpers.equal(a, aStart, aEnd, b, bStart, bEnd) == 1;
  }
}
