package io.basalt.engine.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.basalt.engine.pushdown.CompareOp;
import io.basalt.engine.pushdown.Operand;
import io.basalt.engine.pushdown.ScanPredicate;
import io.basalt.engine.pushdown.ValueDomain;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/**
 * The scan's string range test against code point order: {@code <}, {@code <=}, {@code >} and
 * {@code >=} with prefixes, equal values, the empty string and multi-byte characters, with and
 * without NULLs, from a full and a partial selection. Values with a code point at or above U+E000
 * are kept whatever the comparison says (the exact filter above decides them); NULL rows never
 * are; literals with such code points are not judged here.
 */
class StringRangeFilterTest {
  private static final String[] VALUES = {"", "a", "forest", "forest green", "foresu", "foresa",
      "fores", "zebra", "é", "éa", "\uE000", "a\uD83D\uDE00", "forest\uFFFD", "B"};

  @Test
  void keepsTheRowsCodePointOrderKeepsAndTheUnsafeOnes() {
    Random random = new Random(20);
    int rows = 1500;
    try (RootAllocator allocator = new RootAllocator();
        VarCharVector v = new VarCharVector("s", allocator)) {
      for (boolean withNulls : new boolean[] {false, true}) {
        String[] column = StringColumns.fill(v, VALUES, rows, random, withNulls, 8, 5);
        try (VectorSchemaRoot batch = VectorSchemaRoot.of(v)) {
          batch.setRowCount(rows);
          for (String bound : List.of("forest", "foresu", "", "é", "a")) {
            for (CompareOp op : List.of(CompareOp.LT, CompareOp.LE, CompareOp.GT, CompareOp.GE)) {
              ScanPredicate.Compare c = new ScanPredicate.Compare(0, ValueDomain.STRING, op,
                  new Operand.Literal(bound.getBytes(StandardCharsets.UTF_8)));
              for (boolean partial : new boolean[] {false, true}) {
                int[] selection = IntStream.range(0, rows).filter(i -> !partial || i % 3 != 2)
                    .toArray();
                int[] expected = Arrays.stream(selection).filter(r -> column[r] != null
                    && (unsafe(column[r]) || op.test(Integer.signum(
                        codePointCompare(column[r], bound))))).toArray();
                int kept = StringRangeFilter.narrow(c, batch, 0, selection, selection.length);
                String what = op + " '" + bound + "'" + (withNulls ? " nulls" : "")
                    + (partial ? " partial" : "");
                assertEquals(expected.length, kept, what);
                assertArrayEquals(expected, Arrays.copyOf(selection, kept), what);
              }
            }
          }
          ScanPredicate.Compare unsafeBound = new ScanPredicate.Compare(0, ValueDomain.STRING,
              CompareOp.LT, new Operand.Literal("\uE000".getBytes(StandardCharsets.UTF_8)));
          assertEquals(-1, StringRangeFilter.narrow(unsafeBound, batch, 0, new int[] {0}, 1));
          ScanPredicate.Compare equality = new ScanPredicate.Compare(0, ValueDomain.STRING,
              CompareOp.EQ, new Operand.Literal("a".getBytes(StandardCharsets.UTF_8)));
          assertEquals(-1, StringRangeFilter.narrow(equality, batch, 0, new int[] {0}, 1));
        }
      }
    }
  }

  private static boolean unsafe(String s) {
    return s.codePoints().anyMatch(cp -> cp >= 0xE000);
  }

  private static int codePointCompare(String a, String b) {
    int[] x = a.codePoints().toArray();
    int[] y = b.codePoints().toArray();
    return Arrays.compare(x, y);
  }
}
