package io.basalt.engine.exec.sort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.setop.UnionAllNode;
import io.basalt.engine.exec.setop.ValuesNode;
import io.basalt.engine.pushdown.ParameterValues;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SortNode, top-N, LimitNode, UnionAllNode and ValuesNode against a reference: every result is
 * compared with the rows sorted by a plain Java comparator over the same values, with 1 and 2
 * workers, and the allocator must be empty afterwards (no leaked buffer on any path).
 */
class SortNodeTest {
  private final BufferAllocator allocator = new RootAllocator();

  /** id, int, bigint, double, decimal(12,2), decimal(30,5), varchar, date, timestamp, bool, real, smallint. */
  static final Schema SCHEMA = new Schema(List.of(
      field("id", new ArrowType.Int(32, true)),
      field("i", new ArrowType.Int(32, true)),
      field("l", new ArrowType.Int(64, true)),
      field("d", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
      field("dec", new ArrowType.Decimal(12, 2, 128)),
      field("wide", new ArrowType.Decimal(30, 5, 128)),
      field("s", ArrowType.Utf8.INSTANCE),
      field("dt", new ArrowType.Date(DateUnit.DAY)),
      field("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
      field("b", ArrowType.Bool.INSTANCE),
      field("f", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
      field("sm", new ArrowType.Int(16, true))));

  private static Field field(String name, ArrowType type) {
    return new Field(name, new FieldType(true, type, null), null);
  }

  @AfterEach
  void noLeak() {
    assertEquals(0, allocator.getAllocatedMemory(), "leaked Arrow memory");
    allocator.close();
  }

  /** Random rows with many ties, NULLs and the awkward values of each type. */
  static List<Object[]> rows(int n, long seed) {
    Random r = new Random(seed);
    double[] doubles = {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, 1.5, -1.5, Double.MAX_VALUE, -Double.MIN_VALUE};
    long[] longs = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1, 42};
    String[] strings = {"", "a", "ab", "abc", "b", "é", "\uD83D\uDE00", "z", "aaaaaaaaaaaaaaaaaaaa",
        "aaaaaaaaaaaaaaaaaaab", "\u0000"};
    List<Object[]> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Object[] row = new Object[SCHEMA.getFields().size()];
      row[0] = i;
      row[1] = r.nextInt(20) - 10;
      row[2] = r.nextInt(3) == 0 ? longs[r.nextInt(longs.length)] : r.nextLong() % 5;
      row[3] = r.nextInt(2) == 0 ? doubles[r.nextInt(doubles.length)] : (double) (r.nextInt(7) - 3);
      row[4] = BigDecimal.valueOf(r.nextInt(2001) - 1000, 2);
      row[5] = new BigDecimal(new java.math.BigInteger(90, r).subtract(
          java.math.BigInteger.ONE.shiftLeft(89)).divide(java.math.BigInteger.valueOf(1 + r.nextInt(1 << 20))), 5);
      row[6] = strings[r.nextInt(strings.length)];
      row[7] = r.nextInt(30) - 15;
      row[8] = r.nextInt(2) == 0 ? (long) r.nextInt(5) : r.nextLong();
      row[9] = r.nextBoolean();
      row[10] = r.nextInt(3) == 0 ? (float) doubles[r.nextInt(doubles.length)] : (float) r.nextInt(5);
      row[11] = (short) (r.nextInt(9) - 4);
      for (int c = 1; c < row.length; c++) {
        if (r.nextInt(8) == 0) {
          row[c] = null;
        }
      }
      rows.add(row);
    }
    return rows;
  }

  static List<Object[]> sorted(List<Object[]> rows, List<SortKey> keys) {
    List<Object[]> copy = new ArrayList<>(rows);
    copy.sort((a, b) -> SortTestSupport.compareRows(a, b, keys));
    return copy;
  }

  /** Same rows in the same key order; rows equal on every key may come in any order. */
  static void assertSortedLike(List<Object[]> expected, List<Object[]> actual, List<SortKey> keys) {
    assertEquals(expected.size(), actual.size(), "row count");
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(0, SortTestSupport.compareRows(expected.get(i), actual.get(i), keys),
          "row " + i + " out of order: expected " + Arrays.toString(expected.get(i)) + " got "
              + Arrays.toString(actual.get(i)));
    }
    Comparator<Object[]> byId = Comparator.comparingInt(a -> (Integer) ((Number) a[0]).intValue());
    List<Object[]> e = new ArrayList<>(expected);
    List<Object[]> a = new ArrayList<>(actual);
    e.sort(byId);
    a.sort(byId);
    for (int i = 0; i < e.size(); i++) {
      assertEquals(Arrays.asList(e.get(i)).toString(), Arrays.asList(a.get(i)).toString());
    }
  }

  private List<Object[]> sort(List<Object[]> rows, List<SortKey> keys, RowBound offset,
      RowBound fetch, int threads, int batchRows) throws Exception {
    TestSource source = new TestSource(SCHEMA, rows, 700);
    return SortTestSupport.run(allocator, new SortNode(source, keys, offset, fetch), threads,
        batchRows, ParameterValues.NONE);
  }

  static List<List<SortKey>> keySets() {
    List<List<SortKey>> sets = new ArrayList<>();
    for (int c = 1; c < SCHEMA.getFields().size(); c++) {
      for (boolean desc : new boolean[] {false, true}) {
        for (boolean nullsFirst : new boolean[] {false, true}) {
          sets.add(List.of(new SortKey(c, desc, nullsFirst)));
        }
      }
    }
    sets.add(List.of(SortKey.asc(6), SortKey.desc(3), new SortKey(1, false, true)));
    sets.add(List.of(SortKey.desc(9), SortKey.asc(5), SortKey.desc(2), SortKey.asc(7)));
    sets.add(List.of(new SortKey(11, true, false), new SortKey(10, false, true), SortKey.asc(4),
        SortKey.asc(8)));
    return sets;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void everyTypeDirectionAndNullPlacement(int threads) throws Exception {
    List<Object[]> rows = rows(5000, 7);
    for (List<SortKey> keys : keySets()) {
      List<Object[]> actual = sort(rows, keys, null, null, threads, 1024);
      assertSortedLike(sorted(rows, keys), actual, keys);
    }
  }

  @Test
  void twoThreadsAndOneAgreeOnLargeInput() throws Exception {
    List<Object[]> rows = rows(120_000, 11);
    // The id as last key makes the order total, so both runs must be identical.
    List<SortKey> keys = List.of(SortKey.asc(6), SortKey.desc(3), SortKey.asc(0));
    List<Object[]> one = sort(rows, keys, null, null, 1, 4096);
    List<Object[]> two = sort(rows, keys, null, null, 2, 4096);
    assertSortedLike(sorted(rows, keys), two, keys);
    assertEquals(one.size(), two.size());
    for (int i = 0; i < one.size(); i++) {
      assertArrayEquals(one.get(i), two.get(i));
    }
  }

  @Test
  void emptyAndSingleRow() throws Exception {
    List<SortKey> keys = List.of(SortKey.desc(2));
    assertEquals(0, sort(List.of(), keys, null, null, 2, 1024).size());
    assertEquals(0, sort(List.of(), keys, null, RowBound.of(5), 2, 1024).size());
    List<Object[]> one = rows(1, 3);
    assertSortedLike(one, sort(one, keys, null, null, 2, 1024), keys);
    assertSortedLike(one, sort(one, keys, null, RowBound.of(5), 2, 1024), keys);
  }

  @Test
  void duplicatesOnly() throws Exception {
    List<Object[]> rows = rows(3000, 5);
    for (Object[] row : rows) {
      row[1] = 7;
    }
    List<SortKey> keys = List.of(SortKey.asc(1));
    assertSortedLike(sorted(rows, keys), sort(rows, keys, null, null, 2, 500), keys);
    assertEquals(10, sort(rows, keys, RowBound.of(3), RowBound.of(10), 2, 500).size());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void topNAndOffsets(int threads) throws Exception {
    List<Object[]> rows = rows(40_000, 9);
    List<SortKey> keys = List.of(SortKey.desc(4), SortKey.asc(6), SortKey.asc(0));
    List<Object[]> all = sorted(rows, keys);
    long[][] cases = {{0, 10}, {5, 10}, {0, 1}, {100, 20_000}, {39_990, 100}, {50_000, 10},
        {0, 100_000}, {0, 0}, {7, -1}, {40_000, -1}};
    for (long[] c : cases) {
      RowBound offset = c[0] == 0 ? null : RowBound.of(c[0]);
      RowBound fetch = c[1] < 0 ? null : RowBound.of(c[1]);
      List<Object[]> actual = sort(rows, keys, offset, fetch, threads, 3000);
      int from = (int) Math.min(c[0], all.size());
      int to = c[1] < 0 ? all.size() : (int) Math.min(all.size(), c[0] + c[1]);
      assertSortedLike(all.subList(from, to), actual, keys);
    }
  }

  @Test
  void fetchAndOffsetAsParameters() throws Exception {
    List<Object[]> rows = rows(2000, 13);
    List<SortKey> keys = List.of(SortKey.asc(0));
    TestSource source = new TestSource(SCHEMA, rows, 300);
    SortNode node = new SortNode(source, keys, RowBound.parameter(1), RowBound.parameter(0));
    List<Object[]> out = SortTestSupport.run(allocator, node, 2, 1024, i -> i == 0 ? 3 : 17L);
    assertEquals(3, out.size());
    assertEquals(17L, out.get(0)[0]);
    assertEquals(19L, out.get(2)[0]);
  }

  @Test
  void hugeStrings() throws Exception {
    Random r = new Random(1);
    List<Object[]> rows = new ArrayList<>();
    String prefix = "x".repeat(100_000);
    for (int i = 0; i < 200; i++) {
      Object[] row = rows(1, i).get(0);
      row[0] = i;
      row[6] = prefix + (char) ('a' + r.nextInt(26)) + "y".repeat(r.nextInt(1000));
      rows.add(row);
    }
    List<SortKey> keys = List.of(SortKey.desc(6), SortKey.asc(0));
    assertSortedLike(sorted(rows, keys), sort(rows, keys, null, null, 2, 64), keys);
    assertSortedLike(sorted(rows, keys).subList(0, 5), sort(rows, keys, null, RowBound.of(5), 2, 64),
        keys);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void limitStopsReadingEarly(int threads) throws Exception {
    List<Object[]> rows = rows(100_000, 17);
    TestSource source = new TestSource(SCHEMA, rows, 100);
    List<Object[]> out = SortTestSupport.run(allocator,
        new LimitNode(source, RowBound.of(150), RowBound.of(10)), threads, 1024,
        ParameterValues.NONE);
    assertEquals(10, out.size());
    // 1000 batches exist; the limit needs 2, the gather queue and workers hold a few more.
    assertTrue(source.batchesTaken.get() < 20, "read " + source.batchesTaken.get() + " batches");
    java.util.Set<Object> ids = new java.util.HashSet<>();
    for (Object[] row : out) {
      assertTrue(ids.add(row[0]));
    }
  }

  @Test
  void limitEdgeCases() throws Exception {
    List<Object[]> rows = rows(1000, 19);
    assertEquals(0, limit(rows, 0, 0).size());
    assertEquals(0, limit(rows, 5000, 10).size());
    assertEquals(1000, limit(rows, 0, -1).size());
    assertEquals(10, limit(rows, 995, -1).size() + 5);
    assertEquals(1000, limit(rows, 0, 5000).size());
    // Over an ordered input, LIMIT takes the first rows of the order.
    List<SortKey> keys = List.of(SortKey.desc(0));
    PhysicalNode sortedInput = new SortNode(new TestSource(SCHEMA, rows, 64), keys, null, null);
    List<Object[]> out = SortTestSupport.run(allocator,
        new LimitNode(sortedInput, RowBound.of(3), RowBound.of(2)), 2, 100, ParameterValues.NONE);
    assertEquals(996L, out.get(0)[0]);
    assertEquals(995L, out.get(1)[0]);
  }

  private List<Object[]> limit(List<Object[]> rows, long offset, long fetch) throws Exception {
    return SortTestSupport.run(allocator, new LimitNode(new TestSource(SCHEMA, rows, 64),
        offset == 0 ? null : RowBound.of(offset), fetch < 0 ? null : RowBound.of(fetch)), 2, 100,
        ParameterValues.NONE);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void unionAllReadsEveryInput(int threads) throws Exception {
    List<Object[]> a = rows(3000, 21);
    List<Object[]> b = rows(1000, 22);
    for (Object[] row : b) {
      row[0] = (Integer) row[0] + 3000;
    }
    PhysicalNode sortedB = new SortNode(new TestSource(SCHEMA, b, 64), List.of(SortKey.asc(0)),
        null, null);
    PhysicalNode union = new UnionAllNode(SCHEMA,
        List.of(new TestSource(SCHEMA, a, 128), sortedB, new ValuesNode(SCHEMA, List.of())));
    List<SortKey> keys = List.of(SortKey.asc(0));
    List<Object[]> all = new ArrayList<>(a);
    all.addAll(b);
    List<Object[]> out = SortTestSupport.run(allocator, new SortNode(union, keys, null, null),
        threads, 1000, ParameterValues.NONE);
    assertSortedLike(sorted(all, keys), out, keys);
  }

  @Test
  void valuesRoundTrip() throws Exception {
    List<Object[]> rows = rows(50, 23);
    List<Object[]> out = SortTestSupport.run(allocator, new ValuesNode(SCHEMA, rows), 2, 1000,
        ParameterValues.NONE);
    assertEquals(rows.size(), out.size());
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(Arrays.asList(rows.get(i)).toString().replace("L", ""),
          Arrays.asList(out.get(i)).toString().replace("L", ""));
    }
    assertEquals(0, SortTestSupport.run(allocator, new ValuesNode(SCHEMA, List.of()), 2, 1000,
        ParameterValues.NONE).size());
  }
}
