package io.basalt.engine.exec.aggregate;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A column of values in plain Java arrays: the unit the hash aggregation works on. A batch's key and
 * argument columns are copied out of Arrow once ({@link ColumnIO#extract}) so that the hot loops
 * are typed array loops with no Arrow bounds checks; the hash table stores its group keys in the
 * same classes (appending a row), so a partial table can be re-inserted into another as if it were
 * a batch. Three physical kinds cover every SQL type: {@link LongCol} (anything of at most 64 bits:
 * integers, booleans, dates, times, timestamps, doubles as bits, DECIMAL with precision ≤ 18 as the
 * unscaled long), {@link WideCol} (DECIMAL with precision &gt; 18, 128 bits) and {@link BytesCol}
 * (VARCHAR, VARBINARY).
 *
 * <p>Null rows hold a zero value (extraction clears them), so equality and hashing can look at the
 * value and the null flag without branching on validity first.
 */
public abstract sealed class Col permits Col.LongCol, Col.WideCol, Col.BytesCol {
  static final long C1 = 0x9E3779B97F4A7C15L;
  static final long NULL_HASH = 0x2545F4914F6CDD1DL;

  /** Null flags; only meaningful below {@link #size} and when {@link #hasNulls}. */
  boolean[] nulls;
  /** Whether any row below size may be null (false lets loops skip the flags). */
  boolean hasNulls;
  int size;

  Col(int capacity) {
    nulls = new boolean[Math.max(capacity, 1)];
  }

  public final int size() {
    return size;
  }

  public final boolean isNull(int row) {
    return hasNulls && nulls[row];
  }

  /** Clears for reuse as a batch column of {@code rows} rows (all non-null, values unset). */
  abstract void reset(int rows);

  /** Grows storage to hold at least {@code capacity} rows, keeping the first size rows. */
  abstract void ensureCapacity(int capacity);

  /** Mixes each row's value into {@code h}: {@code first} starts the hash, otherwise combines. */
  abstract void hashInto(long[] h, int n, boolean first);

  /** Whether row {@code row} of {@code batch} (same kind) equals this column's row {@code g}. */
  abstract boolean equalsAt(int g, Col batch, int row);

  /** Appends row {@code row} of {@code src} (same kind) as this column's next row. */
  abstract void appendFrom(Col src, int row);

  /** An empty column of the same kind for storing rows appended from this one. */
  abstract Col newStorage(int capacity);

  /** A new column of rows {@code rows[from .. from + count)} of this one, in that order. */
  final Col gather(int[] rows, int from, int count) {
    Col out = newStorage(count);
    for (int i = 0; i < count; i++) {
      out.appendFrom(this, rows[from + i]);
    }
    return out;
  }

  /** Bytes of Java heap the column's arrays take (capacity, not size). */
  abstract long bytes();

  /** Appends a NULL row. */
  abstract void appendNull();

  final void growNulls(int capacity) {
    if (nulls.length < capacity) {
      nulls = Arrays.copyOf(nulls, grownSize(nulls.length, capacity));
    }
  }

  static int grownSize(int current, int needed) {
    long n = Math.max((long) current * 2, needed);
    if (n > Integer.MAX_VALUE - 16) {
      if (needed > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("hash aggregation: more than 2^31 groups or key bytes");
      }
      n = Integer.MAX_VALUE - 16;
    }
    return (int) n;
  }

  /** Murmur3's 64-bit finalizer: every input bit affects every output bit. */
  static long mix(long v) {
    v ^= v >>> 33;
    v *= 0xff51afd7ed558ccdL;
    v ^= v >>> 33;
    v *= 0xc4ceb9fe1a85ec53L;
    v ^= v >>> 33;
    return v;
  }

  static long combine(long h, long m) {
    return (h ^ m) * C1 + 0x632BE59BD9B4E019L;
  }

  /** Values of at most 64 bits. */
  public static final class LongCol extends Col {
    long[] values;

    public LongCol(int capacity) {
      super(capacity);
      values = new long[Math.max(capacity, 1)];
    }

    /** The value at {@code row} (0 when null). */
    public long get(int row) {
      return values[row];
    }

    @Override
    void reset(int rows) {
      ensureCapacity(rows);
      size = rows;
      hasNulls = false;
    }

    @Override
    void ensureCapacity(int capacity) {
      if (values.length < capacity) {
        values = Arrays.copyOf(values, grownSize(values.length, capacity));
      }
      growNulls(capacity);
    }

    @Override
    void hashInto(long[] h, int n, boolean first) {
      long[] v = values;
      if (!hasNulls) {
        if (first) {
          for (int i = 0; i < n; i++) {
            h[i] = mix(v[i]);
          }
        } else {
          for (int i = 0; i < n; i++) {
            h[i] = combine(h[i], mix(v[i]));
          }
        }
        return;
      }
      boolean[] nl = nulls;
      for (int i = 0; i < n; i++) {
        long m = nl[i] ? NULL_HASH : mix(v[i]);
        h[i] = first ? m : combine(h[i], m);
      }
    }

    @Override
    boolean equalsAt(int g, Col batch, int row) {
      LongCol b = (LongCol) batch;
      return values[g] == b.values[row] && isNull(g) == b.isNull(row);
    }

    @Override
    void appendFrom(Col src, int row) {
      LongCol s = (LongCol) src;
      if (size == values.length) {
        ensureCapacity(size + 1);
      }
      values[size] = s.values[row];
      if (s.isNull(row)) {
        nulls[size] = true;
        hasNulls = true;
      } else {
        nulls[size] = false;
      }
      size++;
    }

    /** Appends a value (used for the grouping-set id column and tests). */
    void append(long v, boolean isNull) {
      if (size == values.length) {
        ensureCapacity(size + 1);
      }
      values[size] = isNull ? 0 : v;
      nulls[size] = isNull;
      hasNulls |= isNull;
      size++;
    }

    @Override
    Col newStorage(int capacity) {
      return new LongCol(capacity);
    }

    @Override
    long bytes() {
      return 8L * values.length + nulls.length;
    }

    @Override
    void appendNull() {
      append(0, true);
    }
  }

  /** 128-bit values (DECIMAL with precision above 18): low and high words. */
  public static final class WideCol extends Col {
    long[] lo;
    long[] hi;

    public WideCol(int capacity) {
      super(capacity);
      lo = new long[Math.max(capacity, 1)];
      hi = new long[Math.max(capacity, 1)];
    }

    @Override
    void reset(int rows) {
      ensureCapacity(rows);
      size = rows;
      hasNulls = false;
    }

    @Override
    void ensureCapacity(int capacity) {
      if (lo.length < capacity) {
        int n = grownSize(lo.length, capacity);
        lo = Arrays.copyOf(lo, n);
        hi = Arrays.copyOf(hi, n);
      }
      growNulls(capacity);
    }

    @Override
    void hashInto(long[] h, int n, boolean first) {
      for (int i = 0; i < n; i++) {
        long m = isNull(i) ? NULL_HASH : mix(lo[i] ^ mix(hi[i]));
        h[i] = first ? m : combine(h[i], m);
      }
    }

    @Override
    boolean equalsAt(int g, Col batch, int row) {
      WideCol b = (WideCol) batch;
      return lo[g] == b.lo[row] && hi[g] == b.hi[row] && isNull(g) == b.isNull(row);
    }

    @Override
    void appendFrom(Col src, int row) {
      WideCol s = (WideCol) src;
      if (size == lo.length) {
        ensureCapacity(size + 1);
      }
      lo[size] = s.lo[row];
      hi[size] = s.hi[row];
      boolean n = s.isNull(row);
      nulls[size] = n;
      hasNulls |= n;
      size++;
    }

    @Override
    Col newStorage(int capacity) {
      return new WideCol(capacity);
    }

    /** Appends a 128-bit value (lo, hi), or NULL. */
    void append(long l, long h, boolean isNull) {
      if (size == lo.length) {
        ensureCapacity(size + 1);
      }
      lo[size] = isNull ? 0 : l;
      hi[size] = isNull ? 0 : h;
      nulls[size] = isNull;
      hasNulls |= isNull;
      size++;
    }

    @Override
    long bytes() {
      return 16L * lo.length + nulls.length;
    }

    @Override
    void appendNull() {
      append(0, 0, true);
    }
  }

  /** Variable-length values: one byte arena and row offsets ({@code size + 1} of them). */
  public static final class BytesCol extends Col {
    private static final VarHandle LONGS =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    byte[] data;
    int[] offsets;
    /**
     * Per row, a value of at most 7 bytes packed with its length into one long ({@link #pack}),
     * or {@link #LONG_VALUE}: short keys (flags, codes, the usual GROUP BY strings) then hash and
     * compare as longs. Valid for the rows below {@link #packedRows}.
     */
    long[] packed;
    int packedRows;

    /** The packed form of values longer than 7 bytes (no real packing has its top byte above 7). */
    static final long LONG_VALUE = -1L;

    public BytesCol(int capacity) {
      super(capacity);
      offsets = new int[Math.max(capacity, 1) + 1];
      data = new byte[Math.max(capacity, 1) * 8];
      packed = new long[Math.max(capacity, 1)];
    }

    /** Bytes {@code d[from .. from + len)} packed little-endian with the length in the top byte. */
    static long pack(byte[] d, int from, int len) {
      if (len > 7) {
        return LONG_VALUE;
      }
      long tail = 0;
      for (int i = 0; i < len; i++) {
        tail |= (d[from + i] & 0xFFL) << (8 * i);
      }
      return tail | ((long) len << 56);
    }

    /** {@link #hashBytes} of a packed value, without touching its bytes. */
    static long hashPacked(long p) {
      long len = p >>> 56;
      return mix((0x27D4EB2F165667C5L ^ len) ^ (p & 0x00FF_FFFF_FFFF_FFFFL));
    }

    /** Packs rows {@code [0, rows)} after a bulk load of {@link #data} and {@link #offsets}. */
    void packAll(int rows) {
      if (packed.length < rows) {
        packed = new long[grownSize(packed.length, rows)];
      }
      int[] off = offsets;
      byte[] d = data;
      long[] p = packed;
      int wholeWordsBelow = d.length - 8;
      for (int i = 0; i < rows; i++) {
        int from = off[i];
        int len = off[i + 1] - from;
        if (len > 7 || from > wholeWordsBelow) {
          p[i] = pack(d, from, len);
        } else {
          // One 8-byte read masked to the value's bytes: the arena's slack makes it safe, and it
          // costs less than assembling the bytes one by one (TPC-H Q1 packs two flags per row).
          p[i] = ((long) LONGS.get(d, from) & ((1L << (len << 3)) - 1)) | ((long) len << 56);
        }
      }
      packedRows = rows;
    }

    /** The bytes of row {@code row}. */
    public byte[] get(int row) {
      return Arrays.copyOfRange(data, offsets[row], offsets[row + 1]);
    }

    int length(int row) {
      return offsets[row + 1] - offsets[row];
    }

    @Override
    void reset(int rows) {
      ensureCapacity(rows);
      size = rows;
      hasNulls = false;
      packedRows = 0; // until the caller's bulk load packs them
    }

    @Override
    void ensureCapacity(int capacity) {
      if (offsets.length < capacity + 1) {
        offsets = Arrays.copyOf(offsets, grownSize(offsets.length, capacity + 1));
      }
      growNulls(capacity);
    }

    void ensureData(long bytes) {
      if (bytes > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("hash aggregation: more than 2 GB of string keys in one table");
      }
      if (data.length < bytes) {
        data = Arrays.copyOf(data, grownSize(data.length, (int) bytes));
      }
    }

    @Override
    void hashInto(long[] h, int n, boolean first) {
      boolean usePacked = n <= packedRows;
      for (int i = 0; i < n; i++) {
        long m;
        if (isNull(i)) {
          m = NULL_HASH;
        } else if (usePacked && packed[i] != LONG_VALUE) {
          m = hashPacked(packed[i]);
        } else {
          m = hashBytes(data, offsets[i], offsets[i + 1]);
        }
        h[i] = first ? m : combine(h[i], m);
      }
    }

    static long hashBytes(byte[] d, int from, int to) {
      long x = 0x27D4EB2F165667C5L ^ (to - from);
      int i = from;
      for (; i + 8 <= to; i += 8) {
        x = Long.rotateLeft((x ^ (long) LONGS.get(d, i)) * C1, 29);
      }
      long tail = 0;
      for (int s = 0; i < to; i++, s += 8) {
        tail |= (d[i] & 0xFFL) << s;
      }
      return mix(x ^ tail);
    }

    @Override
    boolean equalsAt(int g, Col batch, int row) {
      BytesCol b = (BytesCol) batch;
      boolean n = isNull(g);
      if (n != b.isNull(row)) {
        return false;
      }
      if (n) {
        return true; // a null row's byte range is whatever Arrow's offsets say: ignore it
      }
      if (g < packedRows && row < b.packedRows) {
        long p = packed[g];
        long q = b.packed[row];
        if (p != LONG_VALUE || q != LONG_VALUE) {
          return p == q; // a short value equals only the same short value
        }
      }
      int from = offsets[g];
      int length = offsets[g + 1] - from;
      int bFrom = b.offsets[row];
      if (b.offsets[row + 1] - bFrom != length) {
        return false;
      }
      if (length <= 16) {
        // Short keys (flags, codes) are the common case: a plain loop beats the range checks
        // and vectorized set-up of Arrays.equals.
        byte[] x = data;
        byte[] y = b.data;
        for (int k = 0; k < length; k++) {
          if (x[from + k] != y[bFrom + k]) {
            return false;
          }
        }
        return true;
      }
      return Arrays.equals(data, from, from + length, b.data, bFrom, bFrom + length);
    }

    @Override
    void appendFrom(Col src, int row) {
      BytesCol s = (BytesCol) src;
      int from = s.offsets[row];
      int len = s.offsets[row + 1] - from;
      append(s.data, from, len, s.isNull(row));
    }

    /** Appends {@code len} bytes of {@code src} from {@code from} (ignored when null). */
    void append(byte[] src, int from, int len, boolean isNull) {
      if (size + 1 >= offsets.length || size >= nulls.length) {
        ensureCapacity(size + 1);
      }
      int end = offsets[size];
      if (!isNull) {
        ensureData((long) end + len);
        System.arraycopy(src, from, data, end, len);
        end += len;
      }
      if (packedRows == size) { // kept up to date while every earlier row is packed
        if (packed.length <= size) {
          packed = Arrays.copyOf(packed, grownSize(packed.length, size + 1));
        }
        packed[size] = isNull ? 0 : pack(src, from, len);
        packedRows = size + 1;
      }
      offsets[size + 1] = end;
      nulls[size] = isNull;
      hasNulls |= isNull;
      size++;
    }

    @Override
    Col newStorage(int capacity) {
      return new BytesCol(capacity);
    }

    @Override
    long bytes() {
      return 4L * offsets.length + data.length + nulls.length + 8L * packed.length;
    }

    @Override
    void appendNull() {
      append(data, 0, 0, true);
    }
  }
}
