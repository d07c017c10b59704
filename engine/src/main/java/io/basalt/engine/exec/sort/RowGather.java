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
    return gather(new Sources(space), order, from, count, allocator);
  }

  /**
   * The columns of a row space, batch by batch, and whether each batch of a column has NULLs
   * (counting them scans a validity buffer). Callers that gather many batches from one space
   * share one, so that each gather costs its rows, not the space's batch count. Threads may share
   * one: the lazily set NULL flags are written with the same value by every writer. Not for a
   * space whose batches are replaced ({@link RowSpace#slots}).
   */
  public static final class Sources {
    final RowSpace space;
    final FieldVector[][] columns;
    /** Per column and batch: the data buffer (fixed and variable width), or null. */
    final ArrowBuf[][] data;
    /** Per column and batch: the offset buffer (variable width), or null. */
    final ArrowBuf[][] offsets;
    /** Per column and batch: 0 not looked at yet, 1 no NULLs, 2 NULLs. */
    final byte[][] nullFlags;

    public Sources(RowSpace space) {
      this.space = space;
      int n = space.batches.get(0).getFieldVectors().size();
      int batches = space.batches.size();
      this.columns = new FieldVector[n][batches];
      this.data = new ArrowBuf[n][batches];
      this.offsets = new ArrowBuf[n][batches];
      this.nullFlags = new byte[n][batches];
      for (int c = 0; c < n; c++) {
        for (int b = 0; b < batches; b++) {
          FieldVector v = space.batches.get(b).getVector(c);
          columns[c][b] = v;
          if (v instanceof BaseFixedWidthVector f && !(v instanceof BitVector)) {
            data[c][b] = f.getDataBuffer();
          } else if (v instanceof BaseVariableWidthVector w) {
            data[c][b] = w.getDataBuffer();
            offsets[c][b] = w.getOffsetBuffer();
          }
        }
      }
    }
  }

  /** As {@link #gather(RowSpace, int[], int, int, BufferAllocator)}, over shared sources. */
  public static VectorSchemaRoot gather(Sources sources, int[] order, int from, int count,
      BufferAllocator allocator) {
    RowSpace space = sources.space;
    VectorSchemaRoot first = space.batches.get(0);
    int columns = first.getFieldVectors().size();
    List<FieldVector> out = new ArrayList<>(columns);
    try {
      for (int c = 0; c < columns; c++) {
        FieldVector target = first.getVector(c).getField().createVector(allocator);
        out.add(target);
        gatherColumn(sources.columns[c], sources.data[c], sources.offsets[c], space, order, from,
            count, target, sources.nullFlags[c]);
      }
    } catch (RuntimeException | Error e) {
      out.forEach(FieldVector::close);
      throw e;
    }
    VectorSchemaRoot root = new VectorSchemaRoot(out);
    root.setRowCount(count);
    return root;
  }

  private static void gatherColumn(FieldVector[] sources, ArrowBuf[] data, ArrowBuf[] offsets,
      RowSpace space, int[] order, int from, int count, FieldVector out, byte[] nullFlags) {
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
      ArrowBuf to = target.getDataBuffer();
      ArrowBuf validity = target.getValidityBuffer();
      for (int i = 0; i < count; i++) {
        int g = order[from + i];
        int b = batchOf[g];
        int r = g - start[b];
        byte flag = nullFlags[b];
        if (flag == 0) {
          flag = sources[b].getNullCount() > 0 ? (byte) 2 : (byte) 1;
          nullFlags[b] = flag;
        }
        if (flag == 2 && sources[b].isNull(r)) {
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
