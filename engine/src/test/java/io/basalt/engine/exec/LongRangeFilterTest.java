package io.basalt.engine.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.basalt.engine.pushdown.CompareOp;
import io.basalt.engine.pushdown.Operand;
import io.basalt.engine.pushdown.ScanPredicate;
import io.basalt.engine.pushdown.ValueDomain;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scan's typed range test against a plain BigDecimal evaluation: every comparison, literals on
 * and around the column's values and at the type's extremes, INT, BIGINT, DATE and short DECIMAL
 * columns, with and without NULLs, from a full and from a partial selection.
 */
class LongRangeFilterTest {
  private static final int ROWS = 3000;

  @ParameterizedTest
  @ValueSource(strings = {"int", "bigint", "date", "decimal"})
  void keepsExactlyTheRowsAPlainComparisonKeeps(String type) {
    Random random = new Random(type.hashCode());
    try (RootAllocator allocator = new RootAllocator()) {
      for (boolean withNulls : new boolean[] {false, true}) {
        long[] values = new long[ROWS];
        boolean[] isNull = new boolean[ROWS];
        long[] extremes = extremes(type);
        for (int i = 0; i < ROWS; i++) {
          values[i] = i % 97 == 0 ? extremes[i % 2] : random.nextInt(41) - 20;
          isNull[i] = withNulls && i % 7 == 3;
        }
        try (FieldVector vector = vector(type, allocator, values, isNull);
            VectorSchemaRoot batch = VectorSchemaRoot.of(vector)) {
          batch.setRowCount(ROWS);
          List<BigDecimal> literals = new ArrayList<>();
          for (long x = -22; x <= 22; x += 3) {
            literals.add(BigDecimal.valueOf(x));
          }
          literals.add(BigDecimal.valueOf(extremes[0]));
          literals.add(BigDecimal.valueOf(extremes[1]));
          if (!type.equals("date")) {
            literals.add(new BigDecimal("-0.5"));
            literals.add(new BigDecimal("3.25"));
          }
          for (CompareOp op : List.of(CompareOp.EQ, CompareOp.LT, CompareOp.LE, CompareOp.GT,
              CompareOp.GE)) {
            for (BigDecimal literal : literals) {
              for (boolean partial : new boolean[] {false, true}) {
                check(type, batch, values, isNull, op, literal, partial);
              }
            }
          }
        }
      }
    }
  }

  /**
   * Runtime key sets, as a bitmap (dense keys) and hashed (sparse keys), whose bounds lie inside,
   * around and beside the column's values: the rows kept are those whose value is in the set.
   */
  @ParameterizedTest
  @ValueSource(strings = {"int", "bigint", "date"})
  void keySetsKeepExactlyTheRowsWhoseValueIsInTheSet(String type) {
    Random random = new Random(31 * type.hashCode());
    try (RootAllocator allocator = new RootAllocator()) {
      for (boolean withNulls : new boolean[] {false, true}) {
        long[] values = new long[ROWS];
        boolean[] isNull = new boolean[ROWS];
        for (int i = 0; i < ROWS; i++) {
          values[i] = random.nextInt(2000) - 500;
          isNull[i] = withNulls && i % 5 == 2;
        }
        try (FieldVector vector = vector(type, allocator, values, isNull);
            VectorSchemaRoot batch = VectorSchemaRoot.of(vector)) {
          batch.setRowCount(ROWS);
          long[][] keySets = {
              {-500, -499, 3, 64, 65, 127, 128, 1499}, // dense: a bitmap over the column's range
              {7},
              {1400, 1450, 1499, 1500, 1600, 1700}, // reaches past the largest value
              {-900, -800, -700}, // below every value
              {-500, 1_000_000_000L}, // sparse: hashed
              random.longs(300, -600, 1600).toArray()};
          for (long[] keys : keySets) {
            long min = Arrays.stream(keys).min().getAsLong();
            long max = Arrays.stream(keys).max().getAsLong();
            boolean[] keep = new boolean[keys.length];
            Arrays.fill(keep, true);
            ScanPredicate.LongSet set = ScanPredicate.LongSet.of(keys, keep, keys.length, min, max,
                1 << 20);
            java.util.Set<Long> wanted = new java.util.HashSet<>();
            for (long k : keys) {
              wanted.add(k);
            }
            ScanPredicate.KeySet keySet = new ScanPredicate.KeySet(0,
                type.equals("date") ? ValueDomain.DATE : ValueDomain.EXACT, min, max,
                set.size(), set);
            for (boolean partial : new boolean[] {false, true}) {
              int[] selection = java.util.stream.IntStream.range(0, ROWS)
                  .filter(i -> !partial || i % 4 != 0).toArray();
              int[] expected = Arrays.stream(selection)
                  .filter(r -> !isNull[r] && wanted.contains(values[r])).toArray();
              int kept = LongRangeFilter.narrow(keySet, batch, 0, selection, selection.length);
              String what = type + " keys " + Arrays.toString(Arrays.copyOf(keys, 4))
                  + (set.bitmap() != null ? " (bitmap)" : " (hashed)") + (withNulls ? " nulls" : "");
              assertEquals(expected.length, kept, what);
              assertArrayEquals(expected, Arrays.copyOf(selection, kept), what);
            }
          }
        }
      }
    }
  }

  /**
   * IN and NOT IN lists, short (scanned) and long (searched), with duplicates, extremes, and
   * literals no value can equal (fractions, numbers beyond a long): the rows kept are the non-NULL
   * rows whose value is (or, negated, is not) one of the list's.
   */
  @ParameterizedTest
  @ValueSource(strings = {"int", "bigint", "date", "decimal"})
  void inListsKeepExactlyTheRowsAPlainMembershipTestKeeps(String type) {
    Random random = new Random(17 * type.hashCode());
    try (RootAllocator allocator = new RootAllocator()) {
      for (boolean withNulls : new boolean[] {false, true}) {
        long[] values = new long[ROWS];
        boolean[] isNull = new boolean[ROWS];
        long[] extremes = extremes(type);
        for (int i = 0; i < ROWS; i++) {
          values[i] = i % 97 == 0 ? extremes[i % 2] : random.nextInt(51);
          isNull[i] = withNulls && i % 6 == 1;
        }
        BigDecimal scale = type.equals("decimal") ? BigDecimal.valueOf(100) : BigDecimal.ONE;
        try (FieldVector vector = vector(type, allocator, values, isNull);
            VectorSchemaRoot batch = VectorSchemaRoot.of(vector)) {
          batch.setRowCount(ROWS);
          List<List<BigDecimal>> lists = new ArrayList<>();
          lists.add(List.of(BigDecimal.valueOf(3)));
          lists.add(List.of(BigDecimal.valueOf(3), BigDecimal.valueOf(9), BigDecimal.valueOf(14),
              BigDecimal.valueOf(9), BigDecimal.valueOf(49)));
          List<BigDecimal> many = new ArrayList<>();
          for (int i = 0; i < 20; i++) {
            many.add(BigDecimal.valueOf(random.nextInt(60) - 5));
          }
          many.add(BigDecimal.valueOf(extremes[1]).divide(scale));
          lists.add(many);
          if (!type.equals("date")) {
            // 0.25 of a DECIMAL(15,2) is the unscaled 25; 0.005 and 10^30 equal nothing
            lists.add(List.of(new BigDecimal("0.25"), new BigDecimal("0.005"),
                new BigDecimal("1E30"), BigDecimal.valueOf(7)));
          }
          for (List<BigDecimal> list : lists) {
            java.util.Set<BigDecimal> wanted = new java.util.HashSet<>();
            List<Operand> operands = new ArrayList<>();
            for (BigDecimal x : list) {
              wanted.add(x.multiply(scale).stripTrailingZeros());
              operands.add(new Operand.Literal(type.equals("date") ? (Object) x.longValueExact()
                  : x));
            }
            for (boolean negated : new boolean[] {false, true}) {
              ScanPredicate.InList in = new ScanPredicate.InList(0,
                  type.equals("date") ? ValueDomain.DATE : ValueDomain.EXACT, operands, negated);
              for (boolean partial : new boolean[] {false, true}) {
                int[] selection = java.util.stream.IntStream.range(0, ROWS)
                    .filter(i -> !partial || i % 4 != 0).toArray();
                int[] expected = Arrays.stream(selection).filter(r -> !isNull[r]
                    && wanted.contains(BigDecimal.valueOf(values[r]).stripTrailingZeros())
                        != negated).toArray();
                int kept = LongRangeFilter.narrow(in, batch, 0, selection, selection.length);
                String what = type + (negated ? " NOT IN " : " IN ") + list
                    + (withNulls ? " nulls" : "") + (partial ? " partial" : "");
                assertEquals(expected.length, kept, what);
                assertArrayEquals(expected, Arrays.copyOf(selection, kept), what);
              }
            }
          }
        }
      }
    }
  }

  private static void check(String type, VectorSchemaRoot batch, long[] values, boolean[] isNull,
      CompareOp op, BigDecimal literal, boolean partial) {
    int[] selection = partial ? java.util.stream.IntStream.range(0, ROWS).filter(i -> i % 3 != 1)
        .toArray() : java.util.stream.IntStream.range(0, ROWS).toArray();
    int n = selection.length;
    // The column holds unscaled values; a DECIMAL(15,2) literal is compared at scale 2.
    BigDecimal scale = type.equals("decimal") ? BigDecimal.valueOf(100) : BigDecimal.ONE;
    int[] expected = Arrays.stream(selection).filter(r -> !isNull[r]
        && holds(op, BigDecimal.valueOf(values[r]).compareTo(literal.multiply(scale)))).toArray();
    Object value = type.equals("date") ? (Object) literal.longValueExact() : literal;
    ScanPredicate.Compare compare = new ScanPredicate.Compare(0,
        type.equals("date") ? ValueDomain.DATE : ValueDomain.EXACT, op, new Operand.Literal(value));
    int kept = LongRangeFilter.narrow(compare, batch, 0, selection, n);
    String what = type + " " + op + " " + literal + (partial ? " (partial)" : "");
    if (kept == -1) {
      // Not judged here (the generic filter does it): only a bound beyond a long, e.g. < MIN.
      assertEquals(true, literal.equals(BigDecimal.valueOf(Long.MIN_VALUE))
          || literal.equals(BigDecimal.valueOf(Long.MAX_VALUE)), what);
      return;
    }
    assertEquals(expected.length, kept, what);
    assertArrayEquals(expected, Arrays.copyOf(selection, kept), what);
  }

  private static boolean holds(CompareOp op, int cmp) {
    return switch (op) {
      case EQ -> cmp == 0;
      case LT -> cmp < 0;
      case LE -> cmp <= 0;
      case GT -> cmp > 0;
      case GE -> cmp >= 0;
      case NE -> cmp != 0;
    };
  }

  private static long[] extremes(String type) {
    return switch (type) {
      case "bigint" -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
      case "decimal" -> new long[] {-999_999_999_999_999L, 999_999_999_999_999L};
      default -> new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
    };
  }

  private static FieldVector vector(String type, RootAllocator allocator, long[] values,
      boolean[] isNull) {
    BaseFixedWidthVector v = switch (type) {
      case "int" -> new IntVector("c", allocator);
      case "date" -> new DateDayVector("c", allocator);
      case "bigint" -> new BigIntVector("c", allocator);
      default -> new DecimalVector("c", allocator, 15, 2);
    };
    v.allocateNew(ROWS);
    for (int i = 0; i < ROWS; i++) {
      if (isNull[i]) {
        v.setNull(i);
      } else if (v instanceof IntVector x) {
        x.set(i, (int) values[i]);
      } else if (v instanceof DateDayVector x) {
        x.set(i, (int) values[i]);
      } else if (v instanceof BigIntVector x) {
        x.set(i, values[i]);
      } else {
        ((DecimalVector) v).set(i, values[i]);
      }
    }
    v.setValueCount(ROWS);
    return v;
  }
}
