package io.basalt.engine.exec.aggregate;

import static io.basalt.engine.exec.aggregate.AggTesting.BIGINT;
import static io.basalt.engine.exec.aggregate.AggTesting.BOOL;
import static io.basalt.engine.exec.aggregate.AggTesting.DATE;
import static io.basalt.engine.exec.aggregate.AggTesting.DOUBLE;
import static io.basalt.engine.exec.aggregate.AggTesting.SMALLINT;
import static io.basalt.engine.exec.aggregate.AggTesting.VARCHAR;
import static io.basalt.engine.exec.aggregate.AggTesting.decimal;
import static io.basalt.engine.exec.aggregate.AggTesting.field;
import static io.basalt.engine.exec.aggregate.AggTesting.run;
import static io.basalt.engine.exec.aggregate.AggTesting.sorted;
import static io.basalt.engine.exec.aggregate.AggTesting.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.QueryProfile;
import io.basalt.engine.exec.aggregate.AggregateCall.Function;
import io.basalt.engine.spill.SpillManager;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HashAggregateNode against a straightforward row-at-a-time reference (maps of Java values), over
 * generated data: nulls, empty input, duplicates, skew, growth, every key type, huge strings, and
 * one worker against two (partial tables merged).
 */
class HashAggregateNodeTest {
  private static AggregateCall call(Function f, int arg, int filter, String name, ArrowType out) {
    return new AggregateCall(f, arg < 0 ? new int[0] : new int[] {arg}, filter, field(name, out),
        null);
  }

  private static HashAggregateNode node(PhysicalNode in, int[] keys, List<int[]> sets,
      List<AggregateCall> calls) {
    List<Field> fields = new ArrayList<>();
    for (int k : keys) {
      fields.add(in.schema().getFields().get(k));
    }
    calls.forEach(c -> fields.add(c.output()));
    return new HashAggregateNode(in, keys, sets, calls, new Schema(fields), 1);
  }

  // ---- reference ----

  /** Normalizes a value as the output reader does (exact numbers as stripped BigDecimals). */
  private static Object norm(Object v) {
    if (v instanceof BigDecimal d) {
      return d.stripTrailingZeros();
    }
    if (v instanceof Integer || v instanceof Short) {
      return ((Number) v).longValue();
    }
    return v;
  }

  private static int compareValues(Object a, Object b) {
    if (a instanceof String x) {
      return Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8),
          ((String) b).getBytes(StandardCharsets.UTF_8));
    }
    @SuppressWarnings("unchecked")
    Comparable<Object> c = (Comparable<Object>) a;
    return c.compareTo(b);
  }

  /** One reference aggregate over the non-null values of a group. */
  private static Object reference(Function f, List<Object> values, boolean decimalSum) {
    List<Object> nonNull = values.stream().filter(java.util.Objects::nonNull).toList();
    switch (f) {
      case COUNT:
        return (long) nonNull.size();
      case SUM:
      case SUM0:
        if (nonNull.isEmpty()) {
          return f == Function.SUM0 ? (decimalSum ? BigDecimal.ZERO : (Object) 0L) : null;
        }
        if (nonNull.get(0) instanceof Double) {
          return nonNull.stream().mapToDouble(o -> (Double) o).sum();
        }
        if (decimalSum) {
          return nonNull.stream().map(o -> (BigDecimal) o).reduce(BigDecimal.ZERO, BigDecimal::add)
              .stripTrailingZeros();
        }
        return nonNull.stream().mapToLong(o -> ((Number) o).longValue()).sum();
      case AVG:
        if (nonNull.isEmpty()) {
          return null;
        }
        return nonNull.stream().mapToDouble(o -> ((Number) o).doubleValue()).sum() / nonNull.size();
      case MIN:
      case MAX:
        Object best = null;
        for (Object o : nonNull) {
          if (best == null || (f == Function.MIN ? compareValues(o, best) < 0
              : compareValues(o, best) > 0)) {
            best = o;
          }
        }
        return norm(best);
      default:
        throw new IllegalArgumentException(f.toString());
    }
  }

  /** The reference answer: group rows by key columns, compute each call. */
  private static List<List<Object>> referenceAnswer(List<Object[]> rows, int[] keys,
      List<AggregateCall> calls) {
    Map<List<Object>, List<Object[]>> groups = new LinkedHashMap<>();
    for (Object[] r : rows) {
      List<Object> k = new ArrayList<>();
      for (int c : keys) {
        Object v = r[c];
        if (v instanceof Double d && d == 0.0) {
          v = 0.0; // -0.0 groups with 0.0
        }
        k.add(norm(v));
      }
      groups.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
    }
    if (keys.length == 0 && groups.isEmpty()) {
      groups.put(List.of(), List.of());
    }
    List<List<Object>> out = new ArrayList<>();
    for (Map.Entry<List<Object>, List<Object[]>> e : groups.entrySet()) {
      List<Object> row = new ArrayList<>(e.getKey());
      for (AggregateCall c : calls) {
        List<Object> values = new ArrayList<>();
        for (Object[] r : e.getValue()) {
          if (c.filter() >= 0 && !Boolean.TRUE.equals(r[c.filter()])) {
            continue;
          }
          values.add(c.arg() < 0 ? 1L : r[c.arg()]);
        }
        Object v = reference(c.function(), values,
            c.output().getType() instanceof ArrowType.Decimal);
        row.add(v);
      }
      out.add(row);
    }
    return out;
  }

  /**
   * Memory limits the answer must not depend on: none, and one small enough that every run with
   * more than a few thousand groups spills, partitions, and re-spills partitions.
   */
  private static final long[] LIMITS = {Long.MAX_VALUE, 6L << 20};

  private void check(Schema schema, List<Object[]> rows, int[] keys, List<AggregateCall> calls)
      throws Exception {
    check(schema, rows, keys, calls, LIMITS);
  }

  private void check(Schema schema, List<Object[]> rows, int[] keys, List<AggregateCall> calls,
      long[] limits) throws Exception {
    List<List<Object>> expected = sorted(referenceAnswer(rows, keys, calls));
    for (long limit : limits) {
      for (int threads : new int[] {1, 2}) {
        PhysicalNode agg = node(source(schema, rows, 997), keys, null, calls);
        List<List<Object>> actual = sorted(run(agg, threads, 1000, limit, new QueryProfile(),
            SpillManager.temporary()));
        String how = " with " + threads + " threads and memory limit " + limit;
        assertEquals(expected.size(), actual.size(), "groups" + how);
        for (int i = 0; i < expected.size(); i++) {
          List<Object> e = expected.get(i);
          List<Object> a = actual.get(i);
          assertEquals(e.size(), a.size());
          for (int c = 0; c < e.size(); c++) {
            String where = "row " + i + " column " + c + how + ": " + a;
            if (e.get(c) instanceof Double x && a.get(c) instanceof Double y && !x.isNaN()) {
              // doubles summed in another order: equal within 1e-9 relative
              assertTrue(Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x)), where + " vs " + e);
            } else {
              assertEquals(e.get(c), a.get(c), where);
            }
          }
        }
      }
    }
  }

  // ---- tests ----

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 7, 150_000})
  void singleBigintKeyWithNullsDuplicatesAndGrowth(int groups) throws Exception {
    Random r = new Random(groups);
    Schema schema = new Schema(List.of(field("k", BIGINT), field("v", BIGINT)));
    List<Object[]> rows = new ArrayList<>();
    int n = Math.max(groups * 2, groups == 0 ? 0 : 5_000);
    for (int i = 0; i < n; i++) {
      Long k = r.nextInt(100) == 0 ? null : (long) r.nextInt(Math.max(1, groups)) * 7919L - 50_000;
      Long v = r.nextInt(10) == 0 ? null : (long) r.nextInt(2_000_000) - 1_000_000;
      rows.add(new Object[] {k, v});
    }
    List<AggregateCall> calls = List.of(
        call(Function.COUNT, -1, -1, "c", BIGINT), call(Function.COUNT, 1, -1, "cv", BIGINT),
        call(Function.SUM, 1, -1, "s", BIGINT), call(Function.SUM0, 1, -1, "s0", BIGINT),
        call(Function.MIN, 1, -1, "mn", BIGINT), call(Function.MAX, 1, -1, "mx", BIGINT),
        call(Function.AVG, 1, -1, "a", DOUBLE));
    check(schema, rows, new int[] {0}, calls);
  }

  @Test
  void skewedKeys() throws Exception {
    Random r = new Random(3);
    Schema schema = new Schema(List.of(field("k", AggTesting.INT), field("v", decimal(15, 2))));
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 40_000; i++) {
      int k = r.nextInt(10) < 9 ? 42 : r.nextInt(5_000);
      rows.add(new Object[] {k, BigDecimal.valueOf(r.nextInt(1_000_000), 2)});
    }
    check(schema, rows, new int[] {0}, List.of(call(Function.COUNT, -1, -1, "c", BIGINT),
        call(Function.SUM0, 1, -1, "s", decimal(38, 2)), call(Function.MAX, 1, -1, "m", decimal(15, 2))));
  }

  @Test
  void multiColumnKeysOfEveryType() throws Exception {
    Random r = new Random(11);
    String[] words = {"a", "b", "中文", "😀 smile", "", "a longer string beyond eight bytes"};
    Schema schema = new Schema(List.of(field("s", VARCHAR), field("d", decimal(15, 2)),
        field("dt", DATE), field("b", BOOL), field("w", decimal(30, 3)), field("f", DOUBLE),
        field("si", SMALLINT), field("v", decimal(15, 2)), field("x", DOUBLE)));
    List<Object[]> rows = new ArrayList<>();
    double[] doubles = {0.0, -0.0, 1.5, Double.NaN};
    for (int i = 0; i < 20_000; i++) {
      rows.add(new Object[] {
          r.nextInt(20) == 0 ? null : words[r.nextInt(words.length)],
          r.nextInt(20) == 0 ? null : BigDecimal.valueOf(r.nextInt(3) - 1, 2),
          r.nextInt(20) == 0 ? null : 10_000 + r.nextInt(3),
          r.nextInt(20) == 0 ? null : r.nextBoolean(),
          r.nextInt(20) == 0 ? null
              : new BigDecimal(BigInteger.TEN.pow(25).multiply(BigInteger.valueOf(r.nextInt(2))), 3),
          doubles[r.nextInt(doubles.length)],
          (short) (r.nextInt(2) - 1),
          r.nextInt(10) == 0 ? null : BigDecimal.valueOf(r.nextLong() % 1_000_000_000_000L, 2),
          r.nextInt(10) == 0 ? null : r.nextDouble()});
    }
    List<AggregateCall> calls = List.of(call(Function.COUNT, -1, -1, "c", BIGINT),
        call(Function.SUM, 7, -1, "sum", decimal(38, 2)),
        call(Function.MIN, 0, -1, "mins", VARCHAR), call(Function.MAX, 0, -1, "maxs", VARCHAR),
        call(Function.MIN, 2, -1, "mindt", DATE), call(Function.MAX, 4, -1, "maxw", decimal(30, 3)),
        call(Function.MIN, 7, -1, "minv", decimal(15, 2)), call(Function.SUM, 8, -1, "sx", DOUBLE),
        call(Function.AVG, 7, -1, "avgv", DOUBLE), call(Function.MAX, 3, -1, "anyb", BOOL));
    check(schema, rows, new int[] {0, 1, 2, 3, 4, 5, 6}, calls);
  }

  @Test
  void hugeStringKeys() throws Exception {
    Schema schema = new Schema(List.of(field("s", VARCHAR)));
    List<Object[]> rows = new ArrayList<>();
    Random r = new Random(5);
    String[] big = new String[12];
    for (int i = 0; i < big.length; i++) {
      big[i] = String.valueOf((char) ('a' + i)).repeat(1 << 20) + i; // 1 MB each, same prefix per i
    }
    for (int i = 0; i < 60; i++) {
      rows.add(new Object[] {big[r.nextInt(big.length)]});
    }
    // One input batch is 60 MB: no small limit can hold it.
    check(schema, rows, new int[] {0}, List.of(call(Function.COUNT, -1, -1, "c", BIGINT)),
        new long[] {Long.MAX_VALUE});
  }

  @Test
  void nullStringKeysGroupTogetherWhateverTheirOffsets() {
    Col.BytesCol batch = new Col.BytesCol(4);
    byte[] bytes = "abcdef".getBytes(StandardCharsets.UTF_8);
    batch.append(bytes, 0, 2, false);
    batch.append(bytes, 0, 0, true);
    batch.reset(3);
    // Row 1 is null but covers bytes 2..4 (Arrow leaves a null slot's range unspecified).
    batch.offsets[0] = 0;
    batch.offsets[1] = 2;
    batch.offsets[2] = 4;
    batch.offsets[3] = 4;
    batch.nulls[0] = false;
    batch.nulls[1] = true;
    batch.nulls[2] = true;
    batch.hasNulls = true;
    GroupHashTable table = new GroupHashTable(new ColumnIO.Kind[] {ColumnIO.Kind.BYTES});
    long[] h = new long[3];
    int[] ids = new int[3];
    GroupHashTable.hash(new Col[] {batch}, 3, h);
    table.findOrInsert(new Col[] {batch}, h, 3, ids);
    assertEquals(2, table.groupCount());
    assertEquals(ids[1], ids[2]);
  }

  @Test
  void filterClause() throws Exception {
    Schema schema = new Schema(List.of(field("k", BIGINT), field("v", BIGINT), field("p", BOOL)));
    Random r = new Random(9);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      rows.add(new Object[] {(long) r.nextInt(50), (long) r.nextInt(100),
          r.nextInt(5) == 0 ? null : r.nextBoolean()});
    }
    check(schema, rows, new int[] {0}, List.of(call(Function.COUNT, -1, 2, "c", BIGINT),
        call(Function.SUM, 1, 2, "s", BIGINT), call(Function.MAX, 1, 2, "m", BIGINT),
        call(Function.COUNT, -1, -1, "all", BIGINT)));
    check(schema, rows, new int[] {}, List.of(call(Function.COUNT, -1, 2, "c", BIGINT)));
  }

  @Test
  void emptyInput() throws Exception {
    Schema schema = new Schema(List.of(field("k", BIGINT), field("v", decimal(15, 2))));
    List<AggregateCall> calls = List.of(call(Function.COUNT, -1, -1, "c", BIGINT),
        call(Function.SUM, 1, -1, "s", decimal(38, 2)), call(Function.SUM0, 1, -1, "s0", decimal(38, 2)),
        call(Function.MIN, 1, -1, "m", decimal(15, 2)));
    for (int threads : new int[] {1, 2}) {
      List<List<Object>> global = run(node(source(schema, List.of(), 10), new int[0], null, calls),
          threads, 100);
      assertEquals(List.of(Arrays.asList(0L, null, BigDecimal.ZERO, null)), global);
      assertEquals(List.of(), run(node(source(schema, List.of(), 10), new int[] {0}, null, calls),
          threads, 100));
    }
  }

  @Test
  void oneRow() throws Exception {
    Schema schema = new Schema(List.of(field("k", VARCHAR), field("v", BIGINT)));
    List<Object[]> rows = List.<Object[]>of(new Object[] {"x", 5L});
    check(schema, rows, new int[] {0}, List.of(call(Function.SUM, 1, -1, "s", BIGINT)));
    List<AggregateCall> single = List.of(call(Function.SINGLE_VALUE, 1, -1, "sv", BIGINT),
        call(Function.ANY_VALUE, 0, -1, "any", VARCHAR));
    assertEquals(List.of(List.of(5L, "x")),
        run(node(source(schema, rows, 10), new int[0], null, single), 2, 100));
  }

  @Test
  void singleValueFailsOnASecondRowEvenAcrossWorkers() {
    Schema schema = new Schema(List.of(field("v", BIGINT)));
    List<Object[]> rows = List.of(new Object[] {1L}, new Object[] {2L});
    for (int threads : new int[] {1, 2}) {
      // Batches of one row: with two workers each may see one row, so the merge must fail too.
      Exception e = assertThrows(Exception.class, () -> run(node(source(schema, rows, 1),
          new int[0], null, List.of(call(Function.SINGLE_VALUE, 0, -1, "sv", BIGINT))), threads, 100));
      assertTrue(e.getMessage().contains("more than one row"), e.getMessage());
    }
  }

  @Test
  void bigintSumOverflowIsAnErrorButDecimalSumsGoBeyond64Bits() throws Exception {
    Schema schema = new Schema(List.of(field("v", BIGINT), field("d", decimal(18, 0))));
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      rows.add(new Object[] {Long.MAX_VALUE / 10, new BigDecimal("999999999999999999")});
    }
    Exception e = assertThrows(Exception.class, () -> run(node(source(schema, rows, 100), new int[0],
        null, List.of(call(Function.SUM, 0, -1, "s", BIGINT))), 2, 100));
    assertTrue(e.getMessage().contains("overflow"), e.getMessage());
    List<List<Object>> sum = run(node(source(schema, rows, 100), new int[0], null,
        List.of(call(Function.SUM, 1, -1, "s", decimal(38, 0)))), 2, 100);
    assertEquals(0, new BigDecimal("999999999999999999").multiply(BigDecimal.valueOf(1000))
        .compareTo((BigDecimal) sum.get(0).get(0)), sum.toString());
    List<Object[]> negative = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      negative.add(new Object[] {0L, new BigDecimal(i % 2 == 0 ? "-999999999999999999" : "5")});
    }
    List<List<Object>> neg = run(node(source(schema, negative, 64), new int[0], null,
        List.of(call(Function.SUM, 1, -1, "s", decimal(38, 0)))), 2, 100);
    assertEquals(0, new BigDecimal("-999999999999999999").multiply(BigDecimal.valueOf(500))
        .add(BigDecimal.valueOf(2500)).compareTo((BigDecimal) neg.get(0).get(0)), neg.toString());
  }

  /**
   * Decimal sums of values that fit in 64 bits wait in a 64-bit part per group and carry into 128
   * bits when that part would overflow: sums of values near the DECIMAL(18) limit, in a
   * DECIMAL(18) and a DECIMAL(38) column (the latter also with wider values), of both signs, in
   * thousands of
   * groups, with NULLs among them, through merges of partial tables and through spills (whose exported states and
   * results must include the part not yet carried).
   */
  @Test
  void narrowDecimalSumsCarryPastSixtyFourBitsInEveryGroup() throws Exception {
    Random r = new Random(18);
    Schema schema = new Schema(List.of(field("k", BIGINT), field("d", decimal(18, 0)),
        field("w", decimal(38, 0))));
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      long k = r.nextInt(5_000);
      // Mostly one sign per group so sums pass 2^63 (every ~10 values), with some of the other.
      boolean negative = (k % 2 == 0) != (r.nextInt(8) == 0);
      BigDecimal v = BigDecimal.valueOf(999_999_999_999_999_999L - r.nextInt(1_000));
      v = negative ? v.negate() : v;
      // The DECIMAL(38) column holds the same 64-bit values, and now and then one beyond.
      BigDecimal w = r.nextInt(20) == 0 ? v.multiply(BigDecimal.TEN.pow(7)) : v;
      // A few NULLs send batches through the loop that skips them.
      rows.add(new Object[] {k, r.nextInt(50) == 0 ? null : v, r.nextInt(50) == 0 ? null : w});
    }
    check(schema, rows, new int[] {0}, List.of(call(Function.SUM, 1, -1, "s", decimal(38, 0)),
        call(Function.SUM0, 1, -1, "s0", decimal(38, 0)), call(Function.AVG, 1, -1, "a", DOUBLE),
        call(Function.COUNT, -1, -1, "c", BIGINT), call(Function.SUM, 2, -1, "sw", decimal(38, 0)),
        call(Function.AVG, 2, -1, "aw", DOUBLE)));
  }

  @Test
  void rollupWithGroupingIdsAndAnEmptySet() throws Exception {
    Schema schema = new Schema(List.of(field("a", VARCHAR), field("b", BIGINT)));
    List<Object[]> rows = List.of(new Object[] {"x", 1L}, new Object[] {"x", 2L},
        new Object[] {"y", 1L}, new Object[] {null, 1L}, new Object[] {"x", 1L});
    List<AggregateCall> calls = List.of(
        new AggregateCall(Function.GROUPING, new int[] {0, 1}, -1, field("g", BIGINT), null),
        call(Function.COUNT, -1, -1, "c", BIGINT));
    List<int[]> sets = List.of(new int[] {0, 1}, new int[] {0}, new int[] {});
    for (int threads : new int[] {1, 2}) {
      List<List<Object>> actual = sorted(run(node(source(schema, rows, 2), new int[] {0, 1}, sets,
          calls), threads, 3));
      List<List<Object>> expected = sorted(List.of(
          Arrays.asList("x", 1L, 0L, 2L), Arrays.asList("x", 2L, 0L, 1L),
          Arrays.asList("y", 1L, 0L, 1L), Arrays.asList(null, 1L, 0L, 1L),
          Arrays.asList("x", null, 1L, 3L), Arrays.asList("y", null, 1L, 1L),
          Arrays.asList(null, null, 1L, 1L), // the NULL key's group of set {a}
          Arrays.asList(null, null, 3L, 5L)));
      assertEquals(expected, actual);
      // No input: only the empty grouping set's row.
      assertEquals(List.of(Arrays.asList(null, null, 3L, 0L)), run(node(source(schema, List.of(), 2),
          new int[] {0, 1}, sets, calls), threads, 3));
    }
  }

  @Test
  void literalAggAndBooleanMinMax() throws Exception {
    Schema schema = new Schema(List.of(field("k", BIGINT), field("p", BOOL)));
    List<Object[]> rows = List.of(new Object[] {1L, true}, new Object[] {1L, false},
        new Object[] {2L, true}, new Object[] {2L, null});
    List<AggregateCall> calls = List.of(
        new AggregateCall(Function.LITERAL, new int[0], -1, field("i", BOOL), Boolean.TRUE),
        call(Function.MIN, 1, -1, "every", BOOL), call(Function.MAX, 1, -1, "some", BOOL));
    assertEquals(List.of(List.of(1L, true, false, true), List.of(2L, true, true, true)),
        sorted(run(node(source(schema, rows, 3), new int[] {0}, null, calls), 2, 10)));
  }

  @Test
  void unsupportedCallsAreRejectedUpFront() {
    Schema schema = new Schema(List.of(field("s", VARCHAR)));
    assertThrows(UnsupportedOperationException.class, () -> node(source(schema, List.of(), 1),
        new int[0], null, List.of(call(Function.SUM, 0, -1, "s", BIGINT))));
    assertThrows(UnsupportedOperationException.class, () -> node(source(schema, List.of(), 1),
        new int[0], null, List.of(call(Function.MIN, 0, -1, "m", BIGINT))));
  }

  @Test
  void hashTableAssignsDenseIdsAndMergesPartials() {
    GroupHashTable a = new GroupHashTable(new ColumnIO.Kind[] {ColumnIO.Kind.LONG});
    GroupHashTable b = new GroupHashTable(new ColumnIO.Kind[] {ColumnIO.Kind.LONG});
    int n = 300_000;
    Col.LongCol keys = new Col.LongCol(n);
    keys.reset(n);
    for (int i = 0; i < n; i++) {
      keys.values[i] = (long) (i % 100_000) * 1_000_003L;
    }
    long[] h = new long[n];
    int[] ids = new int[n];
    GroupHashTable.hash(new Col[] {keys}, n, h);
    a.findOrInsert(new Col[] {keys}, h, n, ids);
    assertEquals(100_000, a.groupCount());
    for (int i = 0; i < n; i++) {
      assertEquals(i % 100_000, ids[i]);
    }
    Map<Long, Integer> reference = new HashMap<>();
    Col.LongCol other = new Col.LongCol(10);
    other.reset(3);
    other.values[0] = 5 * 1_000_003L;
    other.values[1] = -1;
    other.values[2] = 0;
    GroupHashTable.hash(new Col[] {other}, 3, h);
    b.findOrInsert(new Col[] {other}, h, 3, ids);
    int[] map = a.insertAll(b);
    assertEquals(5, map[0]);
    assertEquals(100_000, map[1]);
    assertEquals(0, map[2]);
    assertEquals(100_001, a.groupCount());
    reference.clear();
  }
}
