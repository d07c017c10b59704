package io.basalt.engine.exec;

import io.basalt.engine.pushdown.CompareOp;
import io.basalt.engine.pushdown.Operand;
import io.basalt.engine.pushdown.ScanPredicate;
import io.basalt.engine.pushdown.ValueDomain;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The fast path of the scan's row filter for string ranges: {@code column < 'x'} (and {@code <=},
 * {@code >}, {@code >=}) over a VARCHAR column, the form a prefix LIKE takes (TPC-H Q20's {@code
 * p_name LIKE 'forest%'}), tested on the UTF-8 bytes in unsigned order instead of through per-row
 * statistics. As in the statistics pruner, a value or literal with a code point at or above
 * U+E000, where UTF-8 and UTF-16 orders differ, is kept for the exact filter above; NULL rows are
 * never kept.
 */
final class StringRangeFilter {
  private StringRangeFilter() {}

  /**
   * Narrows {@code selection} to the rows that may satisfy {@code c}, returning the survivors'
   * count, or -1 when {@code c} has no fast path here.
   */
  static int narrow(ScanPredicate.Compare c, VectorSchemaRoot batch, int position,
      int[] selection, int n) {
    CompareOp op = c.op();
    if (c.domain() != ValueDomain.STRING || op == CompareOp.EQ || op == CompareOp.NE
        || position < 0 || !(batch.getVector(position) instanceof VarCharVector v)
        || !(c.value() instanceof Operand.Literal literal)
        || !(literal.value() instanceof byte[] bound) || !orderSafe(bound, bound.length)) {
      return -1;
    }
    ArrowBuf offsets = v.getOffsetBuffer();
    ArrowBuf data = v.getDataBuffer();
    boolean nulls = v.getNullCount() > 0;
    byte[] scratch = new byte[Math.max(64, bound.length)];
    int m = 0;
    for (int j = 0; j < n; j++) {
      int r = selection[j];
      if (nulls && v.isNull(r)) {
        continue;
      }
      int start = offsets.getInt((long) r * 4);
      int length = offsets.getInt((long) (r + 1) * 4) - start;
      if (scratch.length < length) {
        scratch = new byte[Math.max(length, scratch.length * 2)];
      }
      data.getBytes(start, scratch, 0, length);
      if (!orderSafe(scratch, length)
          || op.test(Arrays.compareUnsigned(scratch, 0, length, bound, 0, bound.length))) {
        selection[m++] = r;
      }
    }
    return m;
  }

  /** True when no byte of {@code utf8[0, length)} starts a code point at or above U+E000. */
  private static boolean orderSafe(byte[] utf8, int length) {
    for (int i = 0; i < length; i++) {
      if ((utf8[i] & 0xFF) >= 0xEE) {
        return false;
      }
    }
    return true;
  }
}
