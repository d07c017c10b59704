package io.basalt.engine.exec.sort;

import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;

/**
 * The ORDER BY keys of every row of a {@link RowSpace}, copied out of the Arrow vectors into
 * primitive arrays so that a comparison is an array read, not a call per value: every fixed-width
 * type becomes one order-preserving {@code long} per row (direction and NULL placement folded in),
 * 128-bit decimals two longs, strings their bytes.
 *
 * <p>Encoding is per batch ({@link #encodeBatch}) so that workers fill disjoint rows in parallel.
 */
public final class SortKeys {
  private final RowSpace space;
  private final List<SortKey> keys;
  private final Key[] columns;

  public SortKeys(RowSpace space, List<SortKey> keys) {
    this(space, keys, false);
  }

  /**
   * @param replaceable whether batches of {@code space} will be replaced and re-encoded ({@link
   *     RowSpace#slots}): then every key keeps null flags, since a later batch may hold NULLs
   */
  public SortKeys(RowSpace space, List<SortKey> keys, boolean replaceable) {
    this.space = space;
    this.keys = keys;
    this.columns = new Key[keys.size()];
    for (int k = 0; k < columns.length; k++) {
      columns[k] = newKey(keys.get(k), space, replaceable);
    }
  }

  /** Fills the keys of batch {@code b}'s rows. Thread-safe for distinct batches. */
  public void encodeBatch(int b) {
    int base = space.start[b];
    for (int k = 0; k < columns.length; k++) {
      FieldVector v = space.batches.get(b).getVector(keys.get(k).column());
      columns[k].encode(v, b, base, space.batches.get(b).getRowCount());
    }
  }

  void encodeAll() {
    for (int b = 0; b < space.batches.size(); b++) {
      encodeBatch(b);
    }
  }

  /** The comparator over the encoded rows (call after encoding). */
  public RowComparator comparator() {
    return new RowComparator(columns);
  }

  /**
   * The comparator over keys {@code [from, to)} only (e.g. the PARTITION BY prefix of a window's
   * keys, to find where partitions and peer groups change); call after encoding.
   */
  public RowComparator comparator(int from, int to) {
    return new RowComparator(java.util.Arrays.copyOfRange(columns, from, to));
  }

  private static Key newKey(SortKey key, RowSpace space, boolean replaceable) {
    FieldVector sample = null;
    boolean anyNull = replaceable;
    for (var batch : space.batches) {
      FieldVector v = batch.getVector(key.column());
      sample = v;
      anyNull |= v.getNullCount() > 0;
    }
    int n = space.rows;
    if (sample == null) {
      return new LongKey(key, n, false, true);
    }
    if (sample instanceof BaseVariableWidthVector) {
      return new BytesKey(key, space, anyNull);
    }
    if (sample instanceof DecimalVector d && d.getPrecision() > 18) {
      return new WideDecimalKey(key, n, anyNull);
    }
    if (sample instanceof BitVector) {
      return new LongKey(key, n, anyNull, true);
    }
    if (sample instanceof BaseFixedWidthVector f) {
      boolean narrow = f.getTypeWidth() <= 4 && !(f instanceof Float4Vector);
      return new LongKey(key, n, anyNull, narrow);
    }
    throw new UnsupportedOperationException("ORDER BY on a column of type "
        + sample.getField().getType() + " is not supported");
  }

  /** One key column's encoded values. */
  abstract static sealed class Key permits LongKey, WideDecimalKey, BytesKey {
    final int nullOrder; // -1: NULL sorts first

    Key(SortKey key) {
      this.nullOrder = key.nullsFirst() ? -1 : 1;
    }

    abstract void encode(FieldVector v, int batch, int base, int count);

    abstract int compare(int a, int b);
  }

  /**
   * A fixed-width key as one long per row whose signed order is the SQL order: integers as they
   * are, doubles through their sortable bit pattern (-0.0 equal to 0.0, NaN above +Infinity as in
   * PostgreSQL and DuckDB), DESC as the bitwise complement. NULL is Long.MIN or MAX; for types of at
   * most 32 bits no value can reach those, so the long alone decides ({@link #nulls} is null). For
   * wider types a value can, and ties at the extremes consult the null flags.
   */
  static final class LongKey extends Key {
    final long[] values;
    final boolean[] nulls;
    private final boolean descending;
    private final long nullValue;

    LongKey(SortKey key, int n, boolean anyNull, boolean narrow) {
      super(key);
      this.values = new long[n];
      this.nulls = anyNull && !narrow ? new boolean[n] : null;
      this.descending = key.descending();
      this.nullValue = key.nullsFirst() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }

    @Override
    void encode(FieldVector v, int batch, int base, int count) {
      long[] out = values;
      if (v instanceof BitVector bits) {
        ArrowBuf buf = bits.getDataBuffer(); // raw bits: NULLs are overwritten below
        for (int i = 0; i < count; i++) {
          out[base + i] = org.apache.arrow.vector.BitVectorHelper.get(buf, i);
        }
      } else if (v instanceof Float8Vector f) {
        ArrowBuf buf = f.getDataBuffer();
        for (int i = 0; i < count; i++) {
          out[base + i] = sortableDouble(buf.getDouble((long) i * 8));
        }
      } else if (v instanceof Float4Vector f) {
        ArrowBuf buf = f.getDataBuffer();
        for (int i = 0; i < count; i++) {
          out[base + i] = sortableDouble(buf.getFloat((long) i * 4));
        }
      } else {
        BaseFixedWidthVector f = (BaseFixedWidthVector) v;
        ArrowBuf buf = f.getDataBuffer();
        switch (f.getTypeWidth()) {
          case 1 -> {
            for (int i = 0; i < count; i++) {
              out[base + i] = buf.getByte(i);
            }
          }
          case 2 -> {
            for (int i = 0; i < count; i++) {
              out[base + i] = buf.getShort((long) i * 2);
            }
          }
          case 4 -> {
            for (int i = 0; i < count; i++) {
              out[base + i] = buf.getInt((long) i * 4);
            }
          }
          case 8 -> {
            for (int i = 0; i < count; i++) {
              out[base + i] = buf.getLong((long) i * 8);
            }
          }
          case 16 -> { // DECIMAL of precision <= 18: the unscaled value is the low 64 bits
            for (int i = 0; i < count; i++) {
              out[base + i] = buf.getLong((long) i * 16);
            }
          }
          default -> throw new UnsupportedOperationException("ORDER BY on a column of type "
              + v.getField().getType() + " is not supported");
        }
      }
      if (descending) {
        for (int i = 0; i < count; i++) {
          out[base + i] = ~out[base + i];
        }
      }
      if (nulls != null) {
        java.util.Arrays.fill(nulls, base, base + count, false); // a replaced batch's flags
      }
      if (v.getNullCount() > 0) {
        for (int i = 0; i < count; i++) {
          if (v.isNull(i)) {
            out[base + i] = nullValue;
            if (nulls != null) {
              nulls[base + i] = true;
            }
          }
        }
      }
    }

    @Override
    int compare(int a, int b) {
      long x = values[a];
      long y = values[b];
      if (x != y) {
        return x < y ? -1 : 1;
      }
      if (nulls == null) {
        return 0;
      }
      boolean na = nulls[a];
      if (na == nulls[b]) {
        return 0;
      }
      return na ? nullOrder : -nullOrder;
    }
  }

  /** A long whose signed order is the SQL order of doubles (see {@link LongKey}). */
  static long sortableDouble(double d) {
    if (d == 0.0) {
      d = 0.0; // -0.0 equals 0.0
    }
    long bits = Double.doubleToLongBits(d); // one canonical NaN, above +Infinity
    return bits ^ ((bits >> 63) & Long.MAX_VALUE);
  }

  /** A DECIMAL wider than 18 digits: the signed high word, then the low word as unsigned. */
  static final class WideDecimalKey extends Key {
    private final long[] high;
    private final long[] low;
    private final boolean[] nulls;
    private final boolean descending;

    WideDecimalKey(SortKey key, int n, boolean anyNull) {
      super(key);
      this.high = new long[n];
      this.low = new long[n];
      this.nulls = anyNull ? new boolean[n] : null;
      this.descending = key.descending();
    }

    @Override
    void encode(FieldVector v, int batch, int base, int count) {
      ArrowBuf buf = ((DecimalVector) v).getDataBuffer();
      boolean hasNulls = v.getNullCount() > 0;
      if (nulls != null) {
        java.util.Arrays.fill(nulls, base, base + count, false); // a replaced batch's flags
      }
      long flip = descending ? -1L : 0L;
      for (int i = 0; i < count; i++) {
        // Low word XOR MIN: unsigned order as signed order, so both words compare with '<'.
        high[base + i] = buf.getLong((long) i * 16 + 8) ^ flip;
        low[base + i] = (buf.getLong((long) i * 16) ^ Long.MIN_VALUE) ^ flip;
        if (hasNulls && v.isNull(i)) {
          nulls[base + i] = true;
        }
      }
    }

    @Override
    int compare(int a, int b) {
      if (nulls != null) {
        boolean na = nulls[a];
        if (na != nulls[b]) {
          return na ? nullOrder : -nullOrder;
        }
        if (na) {
          return 0;
        }
      }
      long x = high[a];
      long y = high[b];
      if (x != y) {
        return x < y ? -1 : 1;
      }
      x = low[a];
      y = low[b];
      return x == y ? 0 : x < y ? -1 : 1;
    }
  }

  /**
   * A string or binary key: each batch's bytes copied into one array, compared unsigned (UTF-8 byte
   * order is code point order), which the JDK does with vectorized mismatch.
   */
  static final class BytesKey extends Key {
    private final byte[][] data;
    private final int[] batchOf;
    private final int[] from;
    private final int[] to;
    private final boolean[] nulls;
    private final int sign;

    BytesKey(SortKey key, RowSpace space, boolean anyNull) {
      super(key);
      this.data = new byte[space.batches.size()][];
      this.batchOf = space.batchOf;
      this.from = new int[space.rows];
      this.to = new int[space.rows];
      this.nulls = anyNull ? new boolean[space.rows] : null;
      this.sign = key.descending() ? -1 : 1;
    }

    @Override
    void encode(FieldVector v, int batch, int base, int count) {
      BaseVariableWidthVector var = (BaseVariableWidthVector) v;
      ArrowBuf offsets = var.getOffsetBuffer();
      if (count == 0) {
        data[batch] = new byte[0];
        return;
      }
      int first = offsets.getInt(0);
      int last = offsets.getInt((long) count * 4);
      byte[] bytes = new byte[last - first];
      var.getDataBuffer().getBytes(first, bytes, 0, bytes.length);
      data[batch] = bytes;
      int start = first;
      for (int i = 0; i < count; i++) {
        int end = offsets.getInt((long) (i + 1) * 4);
        from[base + i] = start - first;
        to[base + i] = end - first;
        start = end;
      }
      if (nulls != null) {
        boolean hasNulls = v.getNullCount() > 0;
        for (int i = 0; i < count; i++) {
          nulls[base + i] = hasNulls && v.isNull(i);
        }
      }
    }

    @Override
    int compare(int a, int b) {
      if (nulls != null) {
        boolean na = nulls[a];
        if (na != nulls[b]) {
          return na ? nullOrder : -nullOrder;
        }
        if (na) {
          return 0;
        }
      }
      int c = java.util.Arrays.compareUnsigned(data[batchOf[a]], from[a], to[a],
          data[batchOf[b]], from[b], to[b]);
      return c == 0 ? 0 : c < 0 ? -sign : sign;
    }
  }

  /**
   * Compares two rows by all keys. The first key, when it is a long, is read inline (most sorts
   * are decided there, without a call); the other keys are consulted only on ties.
   */
  public static final class RowComparator {
    private final long[] first;
    private final Key[] rest;

    RowComparator(Key[] columns) {
      if (columns.length > 0 && columns[0] instanceof LongKey lk) {
        this.first = lk.values;
        // With null flags, equal longs at the extremes still need the full comparison of key 0.
        int skip = lk.nulls == null ? 1 : 0;
        this.rest = java.util.Arrays.copyOfRange(columns, skip, columns.length);
      } else {
        this.first = null;
        this.rest = columns.clone();
      }
    }

    public int compare(int a, int b) {
      if (first != null) {
        long x = first[a];
        long y = first[b];
        if (x != y) {
          return x < y ? -1 : 1;
        }
      }
      for (Key k : rest) {
        int c = k.compare(a, b);
        if (c != 0) {
          return c;
        }
      }
      return 0;
    }
  }
}
