package io.basalt.engine.exec.sort;

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

/**
 * Builds output batches from rows spread over many batches of a {@link RowSpace}: the multi-source
 * form of {@link io.basalt.engine.vector.VectorTake}, one typed pass per column, the source of each
 * row found through {@link RowSpace#batchOf}.
 */
public final class RowGather {
  private RowGather() {}

  /** A new batch of rows {@code order[from, from + count)} of {@code space}; caller owns it. */
  public static VectorSchemaRoot gather(RowSpace space, int[] order, int from, int count,
      BufferAllocator allocator) {
    VectorSchemaRoot first = space.batches.get(0);
    int columns = first.getFieldVectors().size();
    List<FieldVector> out = new ArrayList<>(columns);
    try {
      for (int c = 0; c < columns; c++) {
        FieldVector target = first.getVector(c).getField().createVector(allocator);
        out.add(target);
        FieldVector[] sources = new FieldVector[space.batches.size()];
        for (int b = 0; b < sources.length; b++) {
          sources[b] = space.batches.get(b).getVector(c);
        }
        gatherColumn(sources, space, order, from, count, target);
      }
    } catch (RuntimeException | Error e) {
      out.forEach(FieldVector::close);
      throw e;
    }
    VectorSchemaRoot root = new VectorSchemaRoot(out);
    root.setRowCount(count);
    return root;
  }

  private static void gatherColumn(FieldVector[] sources, RowSpace space, int[] order, int from,
      int count, FieldVector out) {
    int[] batchOf = space.batchOf;
    int[] start = space.start;
    if (sources[0] instanceof BitVector) {
      BitVector target = (BitVector) out;
      target.allocateNew(count);
      for (int i = 0; i < count; i++) {
        int g = order[from + i];
        int b = batchOf[g];
        BitVector src = (BitVector) sources[b];
        int r = g - start[b];
        if (!src.isNull(r)) {
          target.set(i, src.get(r));
        }
      }
      target.setValueCount(count);
    } else if (sources[0] instanceof BaseFixedWidthVector fixed) {
      BaseFixedWidthVector target = (BaseFixedWidthVector) out;
      target.allocateNew(count);
      int width = fixed.getTypeWidth();
      ArrowBuf[] data = new ArrowBuf[sources.length];
      boolean[] mayBeNull = new boolean[sources.length];
      for (int b = 0; b < sources.length; b++) {
        data[b] = ((BaseFixedWidthVector) sources[b]).getDataBuffer();
        mayBeNull[b] = sources[b].getNullCount() > 0;
      }
      ArrowBuf to = target.getDataBuffer();
      ArrowBuf validity = target.getValidityBuffer();
      for (int i = 0; i < count; i++) {
        int g = order[from + i];
        int b = batchOf[g];
        int r = g - start[b];
        if (mayBeNull[b] && sources[b].isNull(r)) {
          continue; // validity bits start cleared
        }
        BitVectorHelper.setBit(validity, i);
        ArrowBuf src = data[b];
        switch (width) {
          case 8 -> to.setLong((long) i * 8, src.getLong((long) r * 8));
          case 4 -> to.setInt((long) i * 4, src.getInt((long) r * 4));
          case 16 -> {
            to.setLong((long) i * 16, src.getLong((long) r * 16));
            to.setLong((long) i * 16 + 8, src.getLong((long) r * 16 + 8));
          }
          case 2 -> to.setShort((long) i * 2, src.getShort((long) r * 2));
          case 1 -> to.setByte(i, src.getByte(r));
          default -> to.setBytes((long) i * width, src, (long) r * width, width);
        }
      }
      target.setValueCount(count);
    } else if (sources[0] instanceof BaseVariableWidthVector) {
      BaseVariableWidthVector target = (BaseVariableWidthVector) out;
      ArrowBuf[] offsets = new ArrowBuf[sources.length];
      ArrowBuf[] data = new ArrowBuf[sources.length];
      for (int b = 0; b < sources.length; b++) {
        offsets[b] = ((BaseVariableWidthVector) sources[b]).getOffsetBuffer();
        data[b] = ((BaseVariableWidthVector) sources[b]).getDataBuffer();
      }
      long bytes = 0;
      for (int i = 0; i < count; i++) {
        int g = order[from + i];
        int b = batchOf[g];
        int r = g - start[b];
        bytes += offsets[b].getInt((long) (r + 1) * 4) - offsets[b].getInt((long) r * 4);
      }
      target.allocateNew(Math.max(1, bytes), count);
      for (int i = 0; i < count; i++) {
        int g = order[from + i];
        int b = batchOf[g];
        int r = g - start[b];
        if (sources[b].isNull(r)) {
          target.setNull(i);
          continue;
        }
        target.set(i, 1, offsets[b].getInt((long) r * 4), offsets[b].getInt((long) (r + 1) * 4),
            data[b]);
      }
      target.setValueCount(count);
    } else {
      // Nested and other rare vectors: Arrow's own per-value copy.
      out.allocateNew();
      for (int i = 0; i < count; i++) {
        int g = order[from + i];
        int b = batchOf[g];
        out.copyFromSafe(g - start[b], i, sources[b]);
      }
      out.setValueCount(count);
    }
  }
}
