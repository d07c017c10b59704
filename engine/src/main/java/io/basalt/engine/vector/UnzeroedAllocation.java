package io.basalt.engine.vector;

import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;

/**
 * Room for a fixed-width vector's values without clearing it first. Arrow's {@code allocateNew}
 * fills the whole data buffer with zeros before anything is written; a scan batch of 32 768
 * DECIMAL values is 512 KB of zeros per column, overwritten at once by the decoder. For TPC-H Q1
 * that was about 450 MB of stores per query, and memory bandwidth is what two workers share.
 *
 * <p>The validity buffer is cleared (every slot starts NULL). The data buffer holds whatever the
 * allocator's pool held before: a caller must write every slot a reader will look at, including
 * the data of NULL slots ({@link #zeroNullSlots}), since kernels may compute on them.
 */
public final class UnzeroedAllocation {
  /** A null count that is neither 0 nor the length makes Arrow keep the given validity buffer. */
  private static final int MIXED = 1;

  private UnzeroedAllocation() {}

  /**
   * Replaces {@code vector}'s buffers by new ones for {@code slots} values: validity cleared, data
   * uninitialized. Bit vectors, whose data is also a bitmap, are allocated (and cleared) by Arrow.
   */
  public static void allocate(BaseFixedWidthVector vector, int slots) {
    if (vector instanceof BitVector || slots < 2) {
      vector.allocateNew(Math.max(slots, 1));
      return;
    }
    // One allocation sliced in two, data first, as allocateNew lays it out: the memory limit's
    // accounting (ArrowBytes charges each buffer its whole allocation) then sees what it saw.
    long validityBytes = roundUp8((slots + 7L) / 8);
    long dataBytes = roundUp8((long) slots * vector.getTypeWidth());
    try (ArrowBuf combined = vector.getAllocator().buffer(dataBytes + validityBytes)) {
      ArrowBuf data = combined.slice(0, dataBytes);
      ArrowBuf validity = combined.slice(dataBytes, validityBytes);
      validity.setZero(0, validityBytes);
      // The vector takes its own references; the allocation's is released when this block ends.
      vector.loadFieldBuffers(new ArrowFieldNode(slots, MIXED), List.of(validity, data));
    }
    vector.setValueCount(0);
  }

  /**
   * Writes zeros into the data of the NULL slots among the first {@code slots}: what {@code
   * allocateNew} would have left there, so that no kernel sees leftover bytes.
   */
  public static void zeroNullSlots(BaseFixedWidthVector vector, int slots) {
    ArrowBuf validity = vector.getValidityBuffer();
    ArrowBuf data = vector.getDataBuffer();
    int width = vector.getTypeWidth();
    for (int first = 0; first < slots; first += 64) {
      int bits = Math.min(64, slots - first);
      long valid = bits == 64 ? validity.getLong(first >>> 3) : readBits(validity, first, bits);
      if (valid == -1L) {
        continue;
      }
      for (int b = 0; b < bits; b++) {
        if ((valid & (1L << b)) == 0) {
          data.setZero((long) (first + b) * width, width);
        }
      }
    }
  }

  private static long roundUp8(long bytes) {
    return (bytes + 7) & ~7L;
  }

  private static long readBits(ArrowBuf validity, int first, int bits) {
    long valid = 0;
    for (int b = 0; b < bits; b++) {
      int i = first + b;
      valid |= (long) ((validity.getByte(i >>> 3) >>> (i & 7)) & 1) << b;
    }
    return valid | (-1L << bits); // past the end counts as valid: nothing to clear there
  }
}
