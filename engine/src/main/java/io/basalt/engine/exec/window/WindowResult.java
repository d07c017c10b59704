package io.basalt.engine.exec.window;

import io.basalt.engine.exec.sort.RowSpace;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;

/**
 * One window function's values for every input row, indexed by the row's number in the {@link
 * RowSpace} (so that each input batch gets its slice as a new column without moving input rows),
 * and the typed loops that turn a slice into an Arrow vector of the output type.
 *
 * <p>Four shapes: computed integers ({@link #longs}), computed floating values ({@link #doubles}),
 * computed 128-bit decimals ({@link #longs} low and {@link #highs} high words), and "picks": the
 * value of the argument column at another row ({@link #picks}: a row number, {@link #NULL} or
 * {@link #DEFAULT}) — LAG, LEAD, FIRST/LAST/NTH_VALUE, MIN and MAX, which copy values of any type.
 */
final class WindowResult {
  static final int NULL = -1;
  static final int DEFAULT = -2;

  enum Shape { LONG, DOUBLE, DECIMAL, PICK }

  final WindowFunction function;
  final Shape shape;
  long[] longs;
  long[] highs;
  double[] doubles;
  /** True where the value is NULL; null when the function never yields NULL. */
  boolean[] nulls;
  int[] picks;

  WindowResult(WindowFunction function, Shape shape, int rows, boolean nullable) {
    this.function = function;
    this.shape = shape;
    switch (shape) {
      case LONG -> longs = new long[rows];
      case DOUBLE -> doubles = new double[rows];
      case DECIMAL -> {
        longs = new long[rows];
        highs = new long[rows];
      }
      case PICK -> picks = new int[rows];
      default -> throw new AssertionError(shape);
    }
    if (nullable && shape != Shape.PICK) {
      nulls = new boolean[rows];
    }
  }

  /**
   * The values of rows {@code [from, from + count)} (batch {@code batch} of {@code space}) as a new
   * vector of the function's output field. {@code defaultVector} is LAG/LEAD's constant default
   * (one row) or null.
   */
  FieldVector vector(RowSpace space, int batch, FieldVector defaultVector,
      BufferAllocator allocator) {
    int from = space.start[batch];
    int count = space.start[batch + 1] - from;
    FieldVector out = function.output().createVector(allocator);
    try {
      switch (shape) {
        case LONG -> writeLongs(out, from, count);
        case DOUBLE -> writeDoubles(out, from, count);
        case DECIMAL -> writeDecimals(out, from, count);
        case PICK -> writePicks(out, space, batch, from, count, defaultVector);
        default -> throw new AssertionError(shape);
      }
      return out;
    } catch (RuntimeException | Error e) {
      out.close();
      throw e;
    }
  }

  private void writeLongs(FieldVector v, int from, int count) {
    BaseFixedWidthVector out = (BaseFixedWidthVector) v;
    out.allocateNew(count);
    ArrowBuf data = out.getDataBuffer();
    ArrowBuf validity = out.getValidityBuffer();
    long[] values = longs;
    int width = out.getTypeWidth();
    for (int i = 0; i < count; i++) {
      if (nulls != null && nulls[from + i]) {
        continue; // validity starts cleared
      }
      BitVectorHelper.setBit(validity, i);
      long x = values[from + i];
      switch (width) {
        case 8 -> data.setLong((long) i * 8, x);
        case 4 -> data.setInt((long) i * 4, (int) x);
        case 2 -> data.setShort((long) i * 2, (short) x);
        case 1 -> data.setByte(i, (byte) x);
        case 16 -> { // a DECIMAL result of an integer count or sum
          data.setLong((long) i * 16, x);
          data.setLong((long) i * 16 + 8, x >> 63);
        }
        default -> throw new IllegalStateException("integer window result into " + v.getField());
      }
    }
    out.setValueCount(count);
  }

  private void writeDoubles(FieldVector v, int from, int count) {
    BaseFixedWidthVector out = (BaseFixedWidthVector) v;
    out.allocateNew(count);
    ArrowBuf data = out.getDataBuffer();
    ArrowBuf validity = out.getValidityBuffer();
    boolean single = out instanceof Float4Vector;
    if (!single && !(out instanceof Float8Vector)) {
      throw new IllegalStateException("floating window result into " + v.getField());
    }
    for (int i = 0; i < count; i++) {
      if (nulls != null && nulls[from + i]) {
        continue;
      }
      BitVectorHelper.setBit(validity, i);
      if (single) {
        data.setFloat((long) i * 4, (float) doubles[from + i]);
      } else {
        data.setDouble((long) i * 8, doubles[from + i]);
      }
    }
    out.setValueCount(count);
  }

  private void writeDecimals(FieldVector v, int from, int count) {
    if (!(v instanceof DecimalVector out)) {
      throw new IllegalStateException("decimal window result into " + v.getField());
    }
    out.allocateNew(count);
    ArrowBuf data = out.getDataBuffer();
    ArrowBuf validity = out.getValidityBuffer();
    for (int i = 0; i < count; i++) {
      if (nulls != null && nulls[from + i]) {
        continue;
      }
      BitVectorHelper.setBit(validity, i);
      data.setLong((long) i * 16, longs[from + i]);
      data.setLong((long) i * 16 + 8, highs[from + i]);
    }
    out.setValueCount(count);
  }

  /** Copies, per output row, the argument's value at the picked row (any batch) or the default. */
  private void writePicks(FieldVector out, RowSpace space, int batch, int from, int count,
      FieldVector defaultVector) {
    int arg = function.argument();
    int nb = space.batches.size();
    FieldVector[] sources = new FieldVector[nb];
    for (int b = 0; b < nb; b++) {
      sources[b] = space.batches.get(b).getVector(arg);
    }
    // The default, when taken, is row 0 of the constant or the current row of the default column.
    FieldVector defaults = function.defaultColumn() >= 0
        ? space.batches.get(batch).getVector(function.defaultColumn()) : defaultVector;
    boolean defaultPerRow = function.defaultColumn() >= 0;
    int[] batchOf = space.batchOf;
    int[] start = space.start;
    int[] p = picks;
    if (out instanceof BitVector target) {
      target.allocateNew(count);
      for (int i = 0; i < count; i++) {
        int g = p[from + i];
        FieldVector src;
        int r;
        if (g >= 0) {
          src = sources[batchOf[g]];
          r = g - start[batchOf[g]];
        } else if (g == DEFAULT && defaults != null) {
          src = defaults;
          r = defaultPerRow ? i : 0;
        } else {
          continue;
        }
        BitVector bits = (BitVector) src;
        if (!bits.isNull(r)) {
          target.set(i, bits.get(r));
        }
      }
      target.setValueCount(count);
    } else if (out instanceof BaseFixedWidthVector target) {
      target.allocateNew(count);
      int width = target.getTypeWidth();
      ArrowBuf to = target.getDataBuffer();
      ArrowBuf validity = target.getValidityBuffer();
      for (int i = 0; i < count; i++) {
        int g = p[from + i];
        FieldVector src;
        int r;
        if (g >= 0) {
          src = sources[batchOf[g]];
          r = g - start[batchOf[g]];
        } else if (g == DEFAULT && defaults != null) {
          src = defaults;
          r = defaultPerRow ? i : 0;
        } else {
          continue;
        }
        if (src.isNull(r)) {
          continue;
        }
        BitVectorHelper.setBit(validity, i);
        ArrowBuf data = ((BaseFixedWidthVector) src).getDataBuffer();
        switch (width) {
          case 8 -> to.setLong((long) i * 8, data.getLong((long) r * 8));
          case 4 -> to.setInt((long) i * 4, data.getInt((long) r * 4));
          case 16 -> {
            to.setLong((long) i * 16, data.getLong((long) r * 16));
            to.setLong((long) i * 16 + 8, data.getLong((long) r * 16 + 8));
          }
          case 2 -> to.setShort((long) i * 2, data.getShort((long) r * 2));
          case 1 -> to.setByte(i, data.getByte(r));
          default -> to.setBytes((long) i * width, data, (long) r * width, width);
        }
      }
      target.setValueCount(count);
    } else if (out instanceof BaseVariableWidthVector target) {
      long bytes = 0;
      for (int i = 0; i < count; i++) {
        int g = p[from + i];
        if (g >= 0) {
          BaseVariableWidthVector src = (BaseVariableWidthVector) sources[batchOf[g]];
          int r = g - start[batchOf[g]];
          bytes += src.getOffsetBuffer().getInt((long) (r + 1) * 4)
              - src.getOffsetBuffer().getInt((long) r * 4);
        } else if (g == DEFAULT && defaults != null) {
          int r = defaultPerRow ? i : 0;
          ArrowBuf offsets = ((BaseVariableWidthVector) defaults).getOffsetBuffer();
          bytes += offsets.getInt((long) (r + 1) * 4) - offsets.getInt((long) r * 4);
        }
      }
      target.allocateNew(Math.max(1, bytes), count);
      for (int i = 0; i < count; i++) {
        int g = p[from + i];
        BaseVariableWidthVector src;
        int r;
        if (g >= 0) {
          src = (BaseVariableWidthVector) sources[batchOf[g]];
          r = g - start[batchOf[g]];
        } else if (g == DEFAULT && defaults != null) {
          src = (BaseVariableWidthVector) defaults;
          r = defaultPerRow ? i : 0;
        } else {
          target.setNull(i);
          continue;
        }
        if (src.isNull(r)) {
          target.setNull(i);
          continue;
        }
        ArrowBuf offsets = src.getOffsetBuffer();
        target.set(i, 1, offsets.getInt((long) r * 4), offsets.getInt((long) (r + 1) * 4),
            src.getDataBuffer());
      }
      target.setValueCount(count);
    } else {
      // Nested and other rare vectors: Arrow's own per-value copy.
      out.allocateNew();
      for (int i = 0; i < count; i++) {
        int g = p[from + i];
        if (g >= 0) {
          out.copyFromSafe(g - start[batchOf[g]], i, sources[batchOf[g]]);
        } else if (g == DEFAULT && defaults != null) {
          out.copyFromSafe(defaultPerRow ? i : 0, i, defaults);
        }
      }
      out.setValueCount(count);
    }
  }
}
