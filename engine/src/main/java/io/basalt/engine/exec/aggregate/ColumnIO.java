package io.basalt.engine.exec.aggregate;

import io.basalt.engine.exec.aggregate.Col.BytesCol;
import io.basalt.engine.exec.aggregate.Col.LongCol;
import io.basalt.engine.exec.aggregate.Col.WideCol;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Copies Arrow vectors into {@link Col}s and back: the only place the aggregation touches Arrow
 * buffers. One bulk pass per column and batch, so the hash table and the aggregate loops run over
 * Java arrays.
 */
public final class ColumnIO {
  private ColumnIO() {}

  /** How values of an Arrow type are held in a {@link Col}. */
  public enum Kind {
    /** BitVector as 0/1 in a LongCol. */
    BOOL,
    /** Integers, dates, times, timestamps: the raw long in a LongCol. */
    LONG,
    /** REAL and DOUBLE: the double's bits in a LongCol. */
    DOUBLE,
    /** DECIMAL(p ≤ 18): the unscaled long in a LongCol. */
    DECIMAL64,
    /** DECIMAL(p &gt; 18): 128-bit unscaled value in a WideCol. */
    DECIMAL128,
    /** VARCHAR (UTF-8) and VARBINARY in a BytesCol. */
    BYTES
  }

  /** The kind of values of {@code field}; throws for types the aggregation does not handle. */
  public static Kind kind(Field field) {
    ArrowType t = field.getType();
    return switch (t.getTypeID()) {
      case Bool -> Kind.BOOL;
      case Int, Date, Time, Timestamp -> Kind.LONG;
      case FloatingPoint -> Kind.DOUBLE;
      case Decimal -> ((ArrowType.Decimal) t).getPrecision() <= 18 ? Kind.DECIMAL64 : Kind.DECIMAL128;
      case Utf8, Binary -> Kind.BYTES;
      default -> throw new UnsupportedOperationException(
          "hash aggregation does not support column '" + field.getName() + "' of type " + t);
    };
  }

  /** Whether {@link #kind} accepts {@code field}. */
  public static boolean supported(Field field) {
    try {
      kind(field);
      return true;
    } catch (UnsupportedOperationException e) {
      return false;
    }
  }

  /** A new empty column for values of {@code kind}. */
  public static Col newCol(Kind kind, int capacity) {
    return switch (kind) {
      case DECIMAL128 -> new WideCol(capacity);
      case BYTES -> new BytesCol(capacity);
      default -> new LongCol(capacity);
    };
  }

  /**
   * Copies the first {@code rows} values of {@code v} into {@code into} (reused across batches).
   * With {@code key}, doubles are normalized so that values SQL considers equal group together
   * (-0.0 with 0.0, every NaN with every NaN).
   */
  public static void extract(FieldVector v, int rows, Col into, boolean key) {
    extract(v, 0, rows, into, key);
  }

  /** As {@link #extract(FieldVector, int, Col, boolean)}, for rows {@code [from, from + rows)}. */
  public static void extract(FieldVector v, int from, int rows, Col into, boolean key) {
    into.reset(rows);
    boolean nullable = v.getNullCount() > 0;
    if (into instanceof BytesCol b) {
      extractBytes((BaseVariableWidthVector) v, from, rows, b);
    } else if (into instanceof WideCol w) {
      ArrowBuf buf = v.getDataBuffer();
      for (int i = 0; i < rows; i++) {
        w.lo[i] = buf.getLong((long) (from + i) * 16);
        w.hi[i] = buf.getLong((long) (from + i) * 16 + 8);
      }
    } else {
      extractLongs(v, from, rows, ((LongCol) into).values, key);
    }
    if (nullable) {
      boolean[] nulls = into.nulls;
      ArrowBuf validity = v.getValidityBuffer();
      for (int i = 0; i < rows; i++) {
        nulls[i] = BitVectorHelper.get(validity, from + i) == 0;
      }
      into.hasNulls = true;
      clearNullValues(into, rows);
    }
  }

  private static void clearNullValues(Col c, int rows) {
    boolean[] nulls = c.nulls;
    if (c instanceof LongCol l) {
      for (int i = 0; i < rows; i++) {
        if (nulls[i]) {
          l.values[i] = 0;
        }
      }
    } else if (c instanceof WideCol w) {
      for (int i = 0; i < rows; i++) {
        if (nulls[i]) {
          w.lo[i] = 0;
          w.hi[i] = 0;
        }
      }
    }
    // BytesCol: a null row's range is whatever Arrow's offsets say; equality checks flags first.
  }

  private static void extractLongs(FieldVector v, int from, int rows, long[] out, boolean key) {
    if (v instanceof BitVector bits) {
      ArrowBuf buf = bits.getDataBuffer();
      for (int i = 0; i < rows; i++) {
        out[i] = BitVectorHelper.get(buf, from + i);
      }
      return;
    }
    ArrowBuf buf = v.getDataBuffer();
    if (v instanceof BigIntVector || v instanceof TimeStampVector || v instanceof DateMilliVector
        || v instanceof TimeMicroVector || v instanceof TimeNanoVector) {
      for (int i = 0; i < rows; i++) {
        out[i] = buf.getLong((long) (from + i) * 8);
      }
    } else if (v instanceof IntVector || v instanceof DateDayVector || v instanceof TimeMilliVector
        || v instanceof TimeSecVector) {
      for (int i = 0; i < rows; i++) {
        out[i] = buf.getInt((long) (from + i) * 4);
      }
    } else if (v instanceof SmallIntVector) {
      for (int i = 0; i < rows; i++) {
        out[i] = buf.getShort((long) (from + i) * 2);
      }
    } else if (v instanceof TinyIntVector) {
      for (int i = 0; i < rows; i++) {
        out[i] = buf.getByte(from + i);
      }
    } else if (v instanceof DecimalVector) {
      for (int i = 0; i < rows; i++) {
        out[i] = buf.getLong((long) (from + i) * 16);
      }
    } else if (v instanceof Float8Vector) {
      for (int i = 0; i < rows; i++) {
        double d = buf.getDouble((long) (from + i) * 8);
        out[i] = key ? keyBits(d) : Double.doubleToRawLongBits(d);
      }
    } else if (v instanceof Float4Vector) {
      for (int i = 0; i < rows; i++) {
        double d = buf.getFloat((long) (from + i) * 4);
        out[i] = key ? keyBits(d) : Double.doubleToRawLongBits(d);
      }
    } else {
      throw new UnsupportedOperationException("hash aggregation: vector " + v.getClass().getSimpleName());
    }
  }

  private static long keyBits(double d) {
    return d == 0.0 ? 0L : Double.doubleToLongBits(d); // canonical NaN, and -0.0 as 0.0
  }

  private static void extractBytes(BaseVariableWidthVector v, int from, int rows, BytesCol into) {
    ArrowBuf offsets = v.getOffsetBuffer();
    int[] off = into.offsets;
    if (rows == 0) {
      off[0] = 0;
      into.packAll(0);
      return;
    }
    int base = offsets.getInt((long) from * 4);
    for (int i = 0; i <= rows; i++) {
      off[i] = offsets.getInt((long) (from + i) * 4) - base;
    }
    int len = off[rows];
    into.ensureData(len + 8L); // slack for packAll's 8-byte reads
    v.getDataBuffer().getBytes(base, into.data, 0, len);
    into.packAll(rows);
  }

  /**
   * Writes {@code count} rows of {@code src} into {@code out}, allocating it: output row {@code i}
   * is source row {@code rows[from + i]} (or {@code from + i} when {@code rows} is null); a source
   * row of -1 writes NULL. {@code out} has the Arrow type {@code src}'s values came from.
   */
  public static void write(Col src, int[] rows, int from, int count, FieldVector out) {
    out.setInitialCapacity(count);
    out.allocateNew();
    if (src instanceof BytesCol b) {
      BaseVariableWidthVector o = (BaseVariableWidthVector) out;
      for (int i = 0; i < count; i++) {
        int r = rows == null ? from + i : rows[from + i];
        if (r < 0 || b.isNull(r)) {
          o.setNull(i);
        } else {
          o.setSafe(i, b.data, b.offsets[r], b.offsets[r + 1] - b.offsets[r]);
        }
      }
    } else if (src instanceof WideCol w) {
      for (int i = 0; i < count; i++) {
        int r = rows == null ? from + i : rows[from + i];
        if (r >= 0 && !w.isNull(r)) {
          setDecimal(out, i, w.lo[r], w.hi[r]);
        }
      }
    } else {
      LongCol l = (LongCol) src;
      for (int i = 0; i < count; i++) {
        int r = rows == null ? from + i : rows[from + i];
        if (r >= 0 && !l.isNull(r)) {
          setLong(out, i, l.values[r]);
        }
      }
    }
    out.setValueCount(count);
  }

  /** Sets row {@code i} of a fixed-width {@code out} from its LongCol representation. */
  static void setLong(FieldVector out, int i, long v) {
    if (out instanceof BitVector b) {
      b.set(i, (int) v);
    } else if (out instanceof DecimalVector) {
      setDecimal(out, i, v, v >> 63);
    } else if (out instanceof Float8Vector f) {
      f.set(i, Double.longBitsToDouble(v));
    } else if (out instanceof Float4Vector f) {
      f.set(i, (float) Double.longBitsToDouble(v));
    } else {
      BaseFixedWidthVector f = (BaseFixedWidthVector) out;
      ArrowBuf buf = f.getDataBuffer();
      switch (f.getTypeWidth()) {
        case 8 -> buf.setLong((long) i * 8, v);
        case 4 -> buf.setInt((long) i * 4, (int) v);
        case 2 -> buf.setShort((long) i * 2, (short) v);
        case 1 -> buf.setByte(i, (byte) v);
        default -> throw new IllegalStateException("width " + f.getTypeWidth());
      }
      BitVectorHelper.setBit(f.getValidityBuffer(), i);
    }
  }

  /** Sets row {@code i} of a DecimalVector to the 128-bit unscaled value (lo, hi). */
  static void setDecimal(FieldVector out, int i, long lo, long hi) {
    DecimalVector d = (DecimalVector) out;
    ArrowBuf buf = d.getDataBuffer();
    buf.setLong((long) i * 16, lo);
    buf.setLong((long) i * 16 + 8, hi);
    BitVectorHelper.setBit(d.getValidityBuffer(), i);
  }
}
