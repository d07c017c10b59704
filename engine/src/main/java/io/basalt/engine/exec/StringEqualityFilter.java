package io.basalt.engine.exec;

import io.basalt.engine.pushdown.CompareOp;
import io.basalt.engine.pushdown.Operand;
import io.basalt.engine.pushdown.ScanPredicate;
import io.basalt.engine.pushdown.ValueDomain;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The fast path of the scan's row filter for strings: {@code column = 'literal'}, {@code column
 * IN ('a', 'b', ...)} and their negations ({@code <>}, {@code NOT IN}) over a VARCHAR column,
 * tested on the UTF-8 bytes in place — lengths first, then bytes — instead of building per-row
 * statistics. NULL rows are never kept. TPC-H Q19's and Q12's ship-mode and
 * ship-instruction terms drop most of lineitem this way.
 */
final class StringEqualityFilter {
  private StringEqualityFilter() {}

  /**
   * Narrows {@code selection} to the non-NULL rows equal to one of the predicate's literals (to
   * none of them when negated), returning the survivors' count, or -1 when {@code p} has no fast
   * path here.
   */
  static int narrow(ScanPredicate p, VectorSchemaRoot batch, int position, int[] selection,
      int n) {
    byte[][] literals = literals(p);
    if (literals == null || position < 0
        || !(batch.getVector(position) instanceof VarCharVector v)) {
      return -1;
    }
    boolean negated = p instanceof ScanPredicate.Compare c ? c.op() == CompareOp.NE
        : ((ScanPredicate.InList) p).negated();
    ArrowBuf offsets = v.getOffsetBuffer();
    ArrowBuf data = v.getDataBuffer();
    boolean nulls = v.getNullCount() > 0;
    byte[] scratch = new byte[64];
    long[] words = WORDS_IN_PLACE ? words(literals) : null;
    long wordsBelow = data.capacity() - 8; // a value starting at or below reads 8 bytes in place
    int m = 0;
    for (int j = 0; j < n; j++) {
      int r = selection[j];
      if (nulls && v.isNull(r)) {
        continue;
      }
      int start = offsets.getInt((long) r * 4);
      int length = offsets.getInt((long) (r + 1) * 4) - start;
      boolean found = false;
      if (words != null && length <= 8 && start <= wordsBelow) {
        // Short literals (ship modes, flags, brands) and a short value: one 8-byte read masked
        // to the value's length, compared with each literal's word — no copy, no byte loop.
        long word = length == 0 ? 0 : data.getLong(start) & (-1L >>> (64 - (length << 3)));
        for (int k = 0; k < literals.length; k++) {
          found |= literals[k].length == length & words[k] == word;
        }
      } else {
        boolean loaded = false;
        for (byte[] literal : literals) {
          if (literal.length != length) {
            continue;
          }
          if (!loaded) {
            if (scratch.length < length) {
              scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            data.getBytes(start, scratch, 0, length);
            loaded = true;
          }
          if (java.util.Arrays.equals(scratch, 0, length, literal, 0, length)) {
            found = true;
            break;
          }
        }
      }
      if (found != negated) {
        selection[m++] = r;
      }
    }
    return m;
  }

  /** Masking a little-endian read keeps a value's first bytes; big-endian machines copy. */
  private static final boolean WORDS_IN_PLACE =
      java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;

  /** Each literal as the 8-byte word a read of it in place gives (zeros after it), or null. */
  private static long[] words(byte[][] literals) {
    long[] words = new long[literals.length];
    for (int k = 0; k < literals.length; k++) {
      if (literals[k].length > 8) {
        return null;
      }
      for (int b = 0; b < literals[k].length; b++) {
        words[k] |= (literals[k][b] & 0xFFL) << (8 * b);
      }
    }
    return words;
  }

  /**
   * The literals of an equality or inequality or an IN or NOT IN list over strings, or null (a
   * NULL literal among them included: NOT IN then keeps nothing, which the row-by-row path knows).
   */
  private static byte[][] literals(ScanPredicate p) {
    List<Operand> values;
    if (p instanceof ScanPredicate.Compare c && c.domain() == ValueDomain.STRING
        && (c.op() == CompareOp.EQ || c.op() == CompareOp.NE)) {
      values = List.of(c.value());
    } else if (p instanceof ScanPredicate.InList in && in.domain() == ValueDomain.STRING) {
      values = in.values();
    } else {
      return null;
    }
    byte[][] out = new byte[values.size()][];
    for (int i = 0; i < out.length; i++) {
      if (!(values.get(i) instanceof Operand.Literal literal)
          || !(literal.value() instanceof byte[] bytes)) {
        return null; // parameters are bound before the scan; anything else judged row by row
      }
      out[i] = bytes;
    }
    return out;
  }
}
