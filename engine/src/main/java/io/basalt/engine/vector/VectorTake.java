package io.basalt.engine.vector;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Builds new vectors from chosen rows of existing ones ("take" / gather): what a filter, a join
 * (probe and build rows of each match), a sort and an aggregation's output need. Typed loops over
 * the Arrow buffers; one pass per column.
 */
public final class VectorTake {
  private VectorTake() {}

  /**
   * A new vector of {@code count} rows: row {@code i} is row {@code rows[i]} of {@code source}, or
   * NULL where {@code rows[i]} is negative (the missing side of an outer join).
   */
  public static FieldVector take(FieldVector source, int[] rows, int count,
      BufferAllocator allocator) {
    Field field = source.getField();
    FieldVector out = field.createVector(allocator);
    try {
      takeInto(source, rows, count, out);
      return out;
    } catch (RuntimeException | Error e) {
      out.close();
      throw e;
    }
  }

  /** {@link #take} of every column of {@code batch}, as a new batch the caller owns. */
  public static VectorSchemaRoot take(VectorSchemaRoot batch, int[] rows, int count,
      BufferAllocator allocator) {
    List<FieldVector> vectors = new ArrayList<>(batch.getFieldVectors().size());
    try {
      for (FieldVector v : batch.getFieldVectors()) {
        vectors.add(take(v, rows, count, allocator));
      }
    } catch (RuntimeException | Error e) {
      vectors.forEach(FieldVector::close);
      throw e;
    }
    VectorSchemaRoot out = new VectorSchemaRoot(vectors);
    out.setRowCount(count);
    return out;
  }

  /** Fills the empty vector {@code out} (same type as {@code source}) as {@link #take} does. */
  public static void takeInto(FieldVector source, int[] rows, int count, FieldVector out) {
    if (source instanceof BitVector bits) {
      BitVector target = (BitVector) out;
      target.allocateNew(count);
      for (int i = 0; i < count; i++) {
        int r = rows[i];
        if (r >= 0 && !bits.isNull(r)) {
          target.set(i, bits.get(r));
        }
      }
      target.setValueCount(count);
    } else if (source instanceof BaseFixedWidthVector fixed) {
      BaseFixedWidthVector target = (BaseFixedWidthVector) out;
      target.allocateNew(count);
      int width = fixed.getTypeWidth();
      ArrowBuf from = fixed.getDataBuffer();
      ArrowBuf to = target.getDataBuffer();
      ArrowBuf validity = target.getValidityBuffer();
      boolean noNulls = fixed.getNullCount() == 0;
      for (int i = 0; i < count; i++) {
        int r = rows[i];
        if (r < 0 || (!noNulls && fixed.isNull(r))) {
          continue; // validity bits start cleared
        }
        BitVectorHelper.setBit(validity, i);
        switch (width) {
          case 8 -> to.setLong((long) i * 8, from.getLong((long) r * 8));
          case 4 -> to.setInt((long) i * 4, from.getInt((long) r * 4));
          case 16 -> {
            to.setLong((long) i * 16, from.getLong((long) r * 16));
            to.setLong((long) i * 16 + 8, from.getLong((long) r * 16 + 8));
          }
          case 2 -> to.setShort((long) i * 2, from.getShort((long) r * 2));
          case 1 -> to.setByte(i, from.getByte(r));
          default -> to.setBytes((long) i * width, from, (long) r * width, width);
        }
      }
      target.setValueCount(count);
    } else if (source instanceof BaseVariableWidthVector var) {
      BaseVariableWidthVector target = (BaseVariableWidthVector) out;
      ArrowBuf offsets = var.getOffsetBuffer();
      long bytes = 0;
      for (int i = 0; i < count; i++) {
        int r = rows[i];
        if (r >= 0) {
          bytes += offsets.getInt((long) (r + 1) * 4) - offsets.getInt((long) r * 4);
        }
      }
      target.allocateNew(Math.max(1, bytes), count);
      ArrowBuf data = var.getDataBuffer();
      for (int i = 0; i < count; i++) {
        int r = rows[i];
        if (r < 0 || var.isNull(r)) {
          target.setNull(i);
          continue;
        }
        int start = offsets.getInt((long) r * 4);
        int end = offsets.getInt((long) (r + 1) * 4);
        target.set(i, 1, start, end, data);
      }
      target.setValueCount(count);
    } else {
      // Nested and other rare vectors: Arrow's own per-value copy.
      out.allocateNew();
      for (int i = 0; i < count; i++) {
        if (rows[i] >= 0) {
          out.copyFromSafe(rows[i], i, source);
        }
      }
      out.setValueCount(count);
    }
  }
}
