package io.basalt.engine.exec.join;

import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;

/**
 * Concatenates vectors of one type into an empty vector sized exactly once: data buffers are
 * copied as blocks, offsets shifted and validity bits copied in one loop per source. (Arrow's
 * VectorAppender grows its target repeatedly and rejects unallocated targets.)
 */
final class VectorConcat {
  private VectorConcat() {}

  static void concat(List<FieldVector> sources, int total, FieldVector target) {
    if (target instanceof BitVector bits) {
      bits.allocateNew(total);
      int at = 0;
      for (FieldVector s : sources) {
        BitVector src = (BitVector) s;
        int n = src.getValueCount();
        for (int i = 0; i < n; i++) {
          if (!src.isNull(i)) {
            bits.set(at + i, src.get(i));
          }
        }
        at += n;
      }
    } else if (target instanceof BaseFixedWidthVector fw) {
      fw.allocateNew(total);
      int width = fw.getTypeWidth();
      ArrowBuf data = fw.getDataBuffer();
      ArrowBuf validity = fw.getValidityBuffer();
      int at = 0;
      for (FieldVector s : sources) {
        BaseFixedWidthVector src = (BaseFixedWidthVector) s;
        int n = src.getValueCount();
        data.setBytes((long) at * width, src.getDataBuffer(), 0, (long) n * width);
        copyValidity(src, n, validity, at);
        at += n;
      }
    } else if (target instanceof BaseVariableWidthVector var) {
      long bytes = 0;
      for (FieldVector s : sources) {
        BaseVariableWidthVector src = (BaseVariableWidthVector) s;
        bytes += src.getOffsetBuffer().getInt((long) src.getValueCount() * 4)
            - src.getOffsetBuffer().getInt(0);
      }
      var.allocateNew(Math.max(1, bytes), total);
      ArrowBuf data = var.getDataBuffer();
      ArrowBuf offsets = var.getOffsetBuffer();
      ArrowBuf validity = var.getValidityBuffer();
      int at = 0;
      int pos = 0;
      offsets.setInt(0, 0);
      for (FieldVector s : sources) {
        BaseVariableWidthVector src = (BaseVariableWidthVector) s;
        int n = src.getValueCount();
        ArrowBuf so = src.getOffsetBuffer();
        int first = so.getInt(0);
        int last = so.getInt((long) n * 4);
        data.setBytes(pos, src.getDataBuffer(), first, last - first);
        int shift = pos - first;
        for (int i = 1; i <= n; i++) {
          offsets.setInt((long) (at + i) * 4, so.getInt((long) i * 4) + shift);
        }
        copyValidity(src, n, validity, at);
        pos += last - first;
        at += n;
      }
      var.setLastSet(total - 1);
    } else {
      target.setInitialCapacity(total);
      target.allocateNew();
      int at = 0;
      for (FieldVector s : sources) {
        int n = s.getValueCount();
        for (int i = 0; i < n; i++) {
          target.copyFromSafe(i, at + i, s);
        }
        at += n;
      }
    }
    target.setValueCount(total);
  }

  private static void copyValidity(FieldVector src, int n, ArrowBuf validity, int at) {
    if (src.getNullCount() == 0) {
      for (int i = 0; i < n; i++) {
        BitVectorHelper.setBit(validity, at + i);
      }
    } else {
      for (int i = 0; i < n; i++) {
        if (!src.isNull(i)) {
          BitVectorHelper.setBit(validity, at + i);
        }
      }
    }
  }
}
