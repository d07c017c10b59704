package io.basalt.engine.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.basalt.engine.pushdown.CompareOp;
import io.basalt.engine.pushdown.Operand;
import io.basalt.engine.pushdown.ScanPredicate;
import io.basalt.engine.pushdown.ValueDomain;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/**
 * The scan's string equality test against plain string comparison: {@code =}, {@code <>}, IN and
 * NOT IN, over values of every length (empty, multi-byte, longer than the scratch buffer) with
 * and without NULLs, from a full and from a partial selection. NULL rows are never kept; a NULL
 * literal is left to the row-by-row path.
 */
class StringEqualityFilterTest {
  private static final String LONG = "x".repeat(100);
  private static final String[] VALUES = {"", "A", "AB", "Brand#45", "Brand#44", "MAIL", "SHIP",
      "é", "ée", LONG, LONG + "y"};

  @Test
  void keepsExactlyTheRowsAPlainComparisonKeeps() {
    Random random = new Random(45);
    int rows = 2000;
    try (RootAllocator allocator = new RootAllocator();
        VarCharVector v = new VarCharVector("s", allocator)) {
      for (boolean withNulls : new boolean[] {false, true}) {
        String[] column = StringColumns.fill(v, VALUES, rows, random, withNulls, 9, 4);
        try (VectorSchemaRoot batch = VectorSchemaRoot.of(v)) {
          batch.setRowCount(rows);
          List<List<String>> lists = List.of(List.of("Brand#45"), List.of(""), List.of("absent"),
              List.of("MAIL", "SHIP", "é"), List.of(LONG, "A", "A"));
          for (List<String> list : lists) {
            List<ScanPredicate> predicates = new ArrayList<>();
            List<Operand> operands = list.stream()
                .map(s -> (Operand) new Operand.Literal(s.getBytes(StandardCharsets.UTF_8)))
                .toList();
            for (boolean negated : new boolean[] {false, true}) {
              predicates.add(new ScanPredicate.InList(0, ValueDomain.STRING, operands, negated));
              if (list.size() == 1) {
                predicates.add(new ScanPredicate.Compare(0, ValueDomain.STRING,
                    negated ? CompareOp.NE : CompareOp.EQ, operands.get(0)));
              }
              for (ScanPredicate p : predicates) {
                for (boolean partial : new boolean[] {false, true}) {
                  int[] selection = IntStream.range(0, rows).filter(i -> !partial || i % 3 != 0)
                      .toArray();
                  int[] expected = Arrays.stream(selection).filter(r -> column[r] != null
                      && list.contains(column[r]) != negated).toArray();
                  int kept = StringEqualityFilter.narrow(p, batch, 0, selection,
                      selection.length);
                  String what = p + (withNulls ? " nulls" : "") + (partial ? " partial" : "");
                  assertEquals(expected.length, kept, what);
                  assertArrayEquals(expected, Arrays.copyOf(selection, kept), what);
                }
              }
              predicates.clear();
            }
          }
          // NOT IN with a NULL literal keeps no row: not this path's call.
          ScanPredicate withNull = new ScanPredicate.InList(0, ValueDomain.STRING,
              List.of(new Operand.Literal("A".getBytes(StandardCharsets.UTF_8)),
                  new Operand.Literal(null)), true);
          assertEquals(-1, StringEqualityFilter.narrow(withNull, batch, 0, new int[] {0, 1}, 2));
        }
      }
    }
  }

  /**
   * Short values are read 8 bytes at a time in place, except where fewer than 8 bytes of the
   * buffer follow them: the values that end the buffer exactly are compared byte by byte.
   */
  @Test
  void valuesEndingTheDataBufferAreComparedToo() {
    try (RootAllocator allocator = new RootAllocator();
        VarCharVector v = new VarCharVector("s", allocator)) {
      v.allocateNew(256, 64);
      long capacity = v.getDataBuffer().capacity();
      List<String> column = new ArrayList<>();
      long used = 0;
      while (capacity - used > 12) {
        column.add(column.size() % 2 == 0 ? "MAIL" : "SHIP");
        used += 4;
      }
      // Fill the rest with values no longer than 8 bytes, the last ending at the capacity.
      while (used < capacity) {
        int length = (int) Math.min(capacity - used, column.size() % 2 == 0 ? 4 : 3);
        column.add(length == 4 ? "MAIL" : "SHIP".substring(0, length));
        used += length;
      }
      for (int i = 0; i < column.size(); i++) {
        v.setSafe(i, column.get(i).getBytes(StandardCharsets.UTF_8));
      }
      v.setValueCount(column.size());
      assertEquals(capacity, v.getDataBuffer().capacity(), "the values fill the buffer exactly");
      try (VectorSchemaRoot batch = VectorSchemaRoot.of(v)) {
        batch.setRowCount(column.size());
        for (String literal : new String[] {"MAIL", "SHI", "SH", "S"}) {
          for (boolean negated : new boolean[] {false, true}) {
            ScanPredicate p = new ScanPredicate.Compare(0, ValueDomain.STRING,
                negated ? CompareOp.NE : CompareOp.EQ,
                new Operand.Literal(literal.getBytes(StandardCharsets.UTF_8)));
            int[] selection = IntStream.range(0, column.size()).toArray();
            int[] expected = IntStream.range(0, column.size())
                .filter(r -> column.get(r).equals(literal) != negated).toArray();
            int kept = StringEqualityFilter.narrow(p, batch, 0, selection, selection.length);
            assertEquals(expected.length, kept, literal + (negated ? " negated" : ""));
            assertArrayEquals(expected, Arrays.copyOf(selection, kept), literal);
          }
        }
      }
    }
  }
}
