package io.basalt.engine.exec.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.QueryRun;
import io.basalt.engine.expr.ConditionKernel;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hash and nested-loop joins against a naive reference join of the same rows: every SQL join type,
 * both build sides, one and two threads, tiny and default batch sizes (chunk boundaries inside a
 * key's matches), NULL keys, null-safe keys, residual conditions, every key representation.
 */
class HashJoinNodeTest {
  /** SQL join types; mapped to engine types per build side. */
  enum Sql { INNER, LEFT, RIGHT, FULL, SEMI, ANTI, NOT_IN }

  /** Key column types under test, with a value generator from a small integer domain. */
  enum KeyType {
    INT(new ArrowType.Int(32, true), d -> d),
    SMALLINT(new ArrowType.Int(16, true), d -> (short) d),
    BIGINT(new ArrowType.Int(64, true), d -> d * 1_000_000_000_000L),
    DATE(new ArrowType.Date(DateUnit.DAY), d -> 18000 + d),
    DECIMAL_12(new ArrowType.Decimal(12, 2, 128), d -> BigDecimal.valueOf(d * 100L + 5, 2)),
    DECIMAL_30(new ArrowType.Decimal(30, 2, 128),
        d -> new BigDecimal(BigInteger.valueOf(d).shiftLeft(70).add(BigInteger.ONE), 2)),
    DOUBLE(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), d -> d * 0.5),
    VARCHAR(ArrowType.Utf8.INSTANCE, d -> "key-" + d + (d % 3 == 0 ? "-a-longer-suffix" : ""));

    final ArrowType arrow;
    final IntFunction<Object> value;

    KeyType(ArrowType arrow, IntFunction<Object> value) {
      this.arrow = arrow;
      this.value = value;
    }
  }

  static Field field(String name, ArrowType type) {
    return new Field(name, FieldType.nullable(type), null);
  }

  /** Left (k, k2, v) and right (k, k2, x, s). */
  static Schema leftSchema(ArrowType key) {
    return new Schema(List.of(field("k", key), field("k2", new ArrowType.Int(32, true)),
        field("v", new ArrowType.Int(32, true))));
  }

  static Schema rightSchema(ArrowType key) {
    return new Schema(List.of(field("k", key), field("k2", new ArrowType.Int(32, true)),
        field("x", new ArrowType.Int(32, true)), field("s", ArrowType.Utf8.INSTANCE)));
  }

  /** Residual {@code left.v <= right.x} over the left ++ right layout (v = 2, x = 5). */
  static final ConditionKernel V_LE_X = (batch, selection) -> {
    IntVector v = (IntVector) batch.getVector(2);
    IntVector x = (IntVector) batch.getVector(5);
    int n = 0;
    for (int i = 0; i < batch.getRowCount(); i++) {
      if (!v.isNull(i) && !x.isNull(i) && v.get(i) <= x.get(i)) {
        selection[n++] = i;
      }
    }
    return n;
  };

  /** What the reference join needs to know about a case. */
  record Case(Sql sql, boolean twoKeys, boolean nullSafe, boolean residual) {}

  static boolean keyMatch(Object[] l, Object[] r, Case c) {
    int keys = c.twoKeys ? 2 : 1;
    for (int i = 0; i < keys; i++) {
      Object a = l[i];
      Object b = r[i];
      if (a == null || b == null) {
        if (!(c.nullSafe && a == null && b == null)) {
          return false;
        }
      } else if (!a.equals(b)) {
        return false;
      }
    }
    if (c.residual) {
      return l[2] != null && r[2] != null && (Integer) l[2] <= (Integer) r[2];
    }
    return true;
  }

  static List<List<Object>> reference(List<Object[]> left, List<Object[]> right, Case c) {
    List<List<Object>> out = new ArrayList<>();
    boolean[] rightMatched = new boolean[right.size()];
    boolean rightHasNull = right.stream().anyMatch(r -> r[0] == null);
    for (Object[] l : left) {
      boolean any = false;
      for (int j = 0; j < right.size(); j++) {
        Object[] r = right.get(j);
        if (keyMatch(l, r, c)) {
          any = true;
          rightMatched[j] = true;
          if (c.sql != Sql.SEMI && c.sql != Sql.ANTI && c.sql != Sql.NOT_IN) {
            out.add(concat(l, r));
          }
        }
      }
      switch (c.sql) {
        case LEFT, FULL -> {
          if (!any) {
            out.add(concat(l, new Object[4]));
          }
        }
        case SEMI -> {
          if (any) {
            out.add(Arrays.asList(l));
          }
        }
        case ANTI -> {
          if (!any) {
            out.add(Arrays.asList(l));
          }
        }
        case NOT_IN -> {
          if (right.isEmpty() || (!rightHasNull && l[0] != null && !any)) {
            out.add(Arrays.asList(l));
          }
        }
        default -> { }
      }
    }
    if (c.sql == Sql.RIGHT || c.sql == Sql.FULL) {
      for (int j = 0; j < right.size(); j++) {
        if (!rightMatched[j]) {
          out.add(concat(new Object[3], right.get(j)));
        }
      }
    }
    return out;
  }

  static List<Object> concat(Object[] a, Object[] b) {
    List<Object> row = new ArrayList<>(Arrays.asList(a));
    row.addAll(Arrays.asList(b));
    return row;
  }

  static JoinType engineType(Sql sql, boolean buildIsLeft) {
    return switch (sql) {
      case INNER -> JoinType.INNER;
      case LEFT -> buildIsLeft ? JoinType.BUILD_OUTER : JoinType.PROBE_OUTER;
      case RIGHT -> buildIsLeft ? JoinType.PROBE_OUTER : JoinType.BUILD_OUTER;
      case FULL -> JoinType.FULL;
      case SEMI -> buildIsLeft ? JoinType.BUILD_SEMI : JoinType.SEMI;
      case ANTI -> buildIsLeft ? JoinType.BUILD_ANTI : JoinType.ANTI;
      case NOT_IN -> JoinType.NULL_AWARE_ANTI;
    };
  }

  /** Runs a join and returns its rows; fails on leaked memory. */
  static List<List<Object>> run(PhysicalNode leftNode, PhysicalNode rightNode, Case c,
      boolean buildIsLeft, boolean nestedLoop, int threads, int batchRows) throws Exception {
    try (BufferAllocator allocator = new RootAllocator()) {
      ExecContext context = new ExecContext(allocator, batchRows, new AtomicBoolean());
      int keys = c.twoKeys ? 2 : 1;
      int[] keyCols = c.twoKeys ? new int[] {0, 1} : new int[] {0};
      boolean[] ns = new boolean[keys];
      Arrays.fill(ns, c.nullSafe);
      PhysicalNode probe = buildIsLeft ? rightNode : leftNode;
      PhysicalNode build = buildIsLeft ? leftNode : rightNode;
      JoinType type = engineType(c.sql, buildIsLeft);
      PhysicalNode join;
      if (nestedLoop) {
        ConditionKernel cond = keyKernel(c);
        join = new NestedLoopJoinNode(probe, build, type, buildIsLeft, cond, null, null, 7);
      } else {
        join = new HashJoinNode(probe, build, keyCols, keyCols, ns, type, buildIsLeft,
            c.residual ? V_LE_X : null, c.residual ? new int[] {2, 5} : null, null, 7);
      }
      List<List<Object>> out = new ArrayList<>();
      try (QueryRun run = new QueryRun(context, threads); BatchStream s = run.execute(join)) {
        VectorSchemaRoot b;
        while ((b = s.next()) != null) {
          try (VectorSchemaRoot batch = b) {
            assertTrue(batch.getRowCount() <= batchRows, "batch larger than batchRows");
            assertEquals(join.schema().getFields().size(), batch.getFieldVectors().size());
            out.addAll(TestTables.rows(batch));
          }
        }
      }
      assertEquals(0, allocator.getAllocatedMemory(), "leaked Arrow memory");
      return out;
    }
  }

  /** The whole join condition as a kernel, for the nested-loop variant (single INT key). */
  static ConditionKernel keyKernel(Case c) {
    return (batch, selection) -> {
      IntVector lk = (IntVector) batch.getVector(0);
      IntVector rk = (IntVector) batch.getVector(3);
      int n = 0;
      int[] tmp = new int[batch.getRowCount()];
      int m = c.residual ? V_LE_X.select(batch, tmp) : fillAll(tmp, batch.getRowCount());
      for (int t = 0; t < m; t++) {
        int i = tmp[t];
        if (!lk.isNull(i) && !rk.isNull(i) && lk.get(i) == rk.get(i)) {
          selection[n++] = i;
        }
      }
      return n;
    };
  }

  static int fillAll(int[] sel, int n) {
    for (int i = 0; i < n; i++) {
      sel[i] = i;
    }
    return n;
  }

  static void assertSameRows(List<List<Object>> expected, List<List<Object>> actual, String label) {
    Comparator<List<Object>> byText = Comparator.comparing(Object::toString);
    List<List<Object>> e = new ArrayList<>(expected);
    List<List<Object>> a = new ArrayList<>(actual);
    e.sort(byText);
    a.sort(byText);
    assertEquals(e.size(), a.size(), label + ": row count");
    for (int i = 0; i < e.size(); i++) {
      List<Object> er = e.get(i);
      List<Object> ar = a.get(i);
      for (int j = 0; j < er.size(); j++) {
        assertTrue(Objects.equals(er.get(j), ar.get(j)),
            label + ": row " + i + " expected " + er + " got " + ar);
      }
    }
  }

  static List<Object[]> randomRows(Random rnd, int n, KeyType kt, int domain, double nullRate,
      boolean right) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Object k = rnd.nextDouble() < nullRate ? null : kt.value.apply(rnd.nextInt(domain));
      Object k2 = rnd.nextDouble() < nullRate ? null : rnd.nextInt(3);
      Object v = rnd.nextDouble() < 0.1 ? null : rnd.nextInt(20);
      rows.add(right ? new Object[] {k, k2, v, "s" + i} : new Object[] {k, k2, v});
    }
    return rows;
  }

  /** Every SQL join type × key type × options, against the reference. */
  @ParameterizedTest
  @EnumSource(KeyType.class)
  void randomizedAgainstReference(KeyType kt) throws Exception {
    Random rnd = new Random(kt.ordinal() * 31L + 7);
    for (int round = 0; round < 3; round++) {
      int nl = round == 0 ? 300 : rnd.nextInt(200);
      int nr = round == 1 ? 0 : rnd.nextInt(250);
      List<Object[]> left = randomRows(rnd, nl, kt, 40, 0.1, false);
      List<Object[]> right = randomRows(rnd, nr, kt, 40, round == 2 ? 0 : 0.1, true);
      for (Sql sql : Sql.values()) {
        for (boolean twoKeys : new boolean[] {false, true}) {
          for (boolean nullSafe : new boolean[] {false, true}) {
            for (boolean residual : new boolean[] {false, true}) {
              if (sql == Sql.NOT_IN && (twoKeys || nullSafe || residual)) {
                continue;
              }
              Case c = new Case(sql, twoKeys, nullSafe, residual);
              List<List<Object>> expected = reference(left, right, c);
              for (boolean buildIsLeft : new boolean[] {false, true}) {
                if (buildIsLeft && sql == Sql.NOT_IN) {
                  continue;
                }
                int threads = 1 + rnd.nextInt(2);
                int batchRows = rnd.nextBoolean() ? 5 : 64;
                PhysicalNode l = new TestTables.RowsNode(leftSchema(kt.arrow), left, 17);
                PhysicalNode r = new TestTables.RowsNode(rightSchema(kt.arrow), right, 23);
                String label = kt + " " + c + " buildLeft=" + buildIsLeft + " threads=" + threads
                    + " batch=" + batchRows + " round=" + round;
                assertSameRows(expected, run(l, r, c, buildIsLeft, false, threads, batchRows),
                    label);
              }
            }
          }
        }
      }
    }
  }

  @Test
  void nestedLoopMatchesReference() throws Exception {
    Random rnd = new Random(99);
    List<Object[]> left = randomRows(rnd, 120, KeyType.INT, 15, 0.1, false);
    List<Object[]> right = randomRows(rnd, 90, KeyType.INT, 15, 0.1, true);
    for (Sql sql : new Sql[] {Sql.INNER, Sql.LEFT, Sql.RIGHT, Sql.FULL, Sql.SEMI, Sql.ANTI}) {
      for (boolean residual : new boolean[] {false, true}) {
        Case c = new Case(sql, false, false, residual);
        for (boolean buildIsLeft : new boolean[] {false, true}) {
          for (int threads = 1; threads <= 2; threads++) {
            PhysicalNode l = new TestTables.RowsNode(leftSchema(KeyType.INT.arrow), left, 11);
            PhysicalNode r = new TestTables.RowsNode(rightSchema(KeyType.INT.arrow), right, 13);
            assertSameRows(reference(left, right, c),
                run(l, r, c, buildIsLeft, true, threads, threads == 1 ? 7 : 1000),
                "NLJ " + c + " buildLeft=" + buildIsLeft + " threads=" + threads);
          }
        }
      }
    }
  }

  @Test
  void crossJoinWithoutCondition() throws Exception {
    List<Object[]> left = randomRows(new Random(1), 50, KeyType.INT, 5, 0, false);
    List<Object[]> right = randomRows(new Random(2), 3, KeyType.INT, 5, 0, true);
    try (BufferAllocator allocator = new RootAllocator()) {
      ExecContext context = new ExecContext(allocator, 16, new AtomicBoolean());
      PhysicalNode join = new NestedLoopJoinNode(
          new TestTables.RowsNode(leftSchema(KeyType.INT.arrow), left, 8),
          new TestTables.RowsNode(rightSchema(KeyType.INT.arrow), right, 8),
          JoinType.INNER, false, null, null, null, -1);
      long rows = 0;
      try (QueryRun run = new QueryRun(context, 2); BatchStream s = run.execute(join)) {
        VectorSchemaRoot b;
        while ((b = s.next()) != null) {
          rows += b.getRowCount();
          b.close();
        }
      }
      assertEquals(150, rows);
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }

  /** One key with 100k build rows: a probe row's matches span many output batches. */
  @Test
  void skewedKeySpansManyBatches() throws Exception {
    List<Object[]> right = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      right.add(new Object[] {i % 50 == 0 ? i : 7, 1, i, "r"});
    }
    List<Object[]> left = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      left.add(new Object[] {i < 3 ? 7 : 100 + i, 1, 0});
    }
    for (boolean buildIsLeft : new boolean[] {false, true}) {
      for (int threads = 1; threads <= 2; threads++) {
        Case c = new Case(Sql.FULL, false, false, false);
        List<List<Object>> actual = run(
            new TestTables.RowsNode(leftSchema(KeyType.INT.arrow), left, 4),
            new TestTables.RowsNode(rightSchema(KeyType.INT.arrow), right, 4096), c, buildIsLeft,
            false, threads, 65536);
        long pairs = actual.stream().filter(r -> r.get(0) != null && r.get(3) != null).count();
        assertEquals(3L * 98_000, pairs);
        // 2000 unmatched build rows (key i), 7 unmatched probe rows.
        assertEquals(3L * 98_000 + 2000 + 7, actual.size());
      }
    }
  }

  /** Strings of megabytes and strings sharing long prefixes as keys. */
  @Test
  void hugeStringKeys() throws Exception {
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < 200_000; i++) {
      big.append((char) ('a' + i % 26));
    }
    String base = big.toString();
    List<Object[]> left = new ArrayList<>();
    List<Object[]> right = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      left.add(new Object[] {base + i, 1, i});
      right.add(new Object[] {base + (i * 2), 1, i, "r" + i});
    }
    left.add(new Object[] {"", 1, 99});
    right.add(new Object[] {"", 1, 99, "empty"});
    Case c = new Case(Sql.INNER, false, false, false);
    List<List<Object>> actual = run(
        new TestTables.RowsNode(leftSchema(ArrowType.Utf8.INSTANCE), left, 5),
        new TestTables.RowsNode(rightSchema(ArrowType.Utf8.INSTANCE), right, 5), c, false, false,
        2, 1024);
    assertSameRows(reference(left, right, c), actual, "huge strings");
    assertEquals(7, actual.size()); // i in 0,2,4,6,8,10 (and 1 matching "...1" vs "...2"? no) + ""
  }

  /** SQL equality on doubles: -0.0 equals 0.0. */
  @Test
  void negativeZeroEqualsZero() throws Exception {
    List<Object[]> left = List.of(new Object[] {-0.0, 1, 1}, new Object[] {Double.NaN, 1, 2});
    List<Object[]> right = List.<Object[]>of(new Object[] {0.0, 1, 1, "zero"});
    Case c = new Case(Sql.INNER, false, false, false);
    List<List<Object>> actual = run(new TestTables.RowsNode(leftSchema(KeyType.DOUBLE.arrow), left,
        5), new TestTables.RowsNode(rightSchema(KeyType.DOUBLE.arrow), right, 5), c, false, false,
        1, 1024);
    assertEquals(1, actual.size());
  }

  @Test
  void notInWithNullOnBuildSideReturnsNothing() throws Exception {
    List<Object[]> left = List.of(new Object[] {1, 1, 1}, new Object[] {2, 1, 1},
        new Object[] {null, 1, 1});
    List<Object[]> rightWithNull = List.of(new Object[] {1, 1, 1, "a"},
        new Object[] {null, 1, 1, "b"});
    List<Object[]> rightNoNull = List.<Object[]>of(new Object[] {1, 1, 1, "a"});
    Case c = new Case(Sql.NOT_IN, false, false, false);
    Schema ls = leftSchema(KeyType.INT.arrow);
    Schema rs = rightSchema(KeyType.INT.arrow);
    assertEquals(0, run(new TestTables.RowsNode(ls, left, 2),
        new TestTables.RowsNode(rs, rightWithNull, 2), c, false, false, 2, 64).size());
    List<List<Object>> some = run(new TestTables.RowsNode(ls, left, 2),
        new TestTables.RowsNode(rs, rightNoNull, 2), c, false, false, 2, 64);
    assertEquals(List.of(List.of(2, 1, 1)), some);
    assertEquals(3, run(new TestTables.RowsNode(ls, left, 2),
        new TestTables.RowsNode(rs, List.of(), 2), c, false, false, 2, 64).size());
  }

  /** Two threads and one produce the same multiset on a larger input. */
  @Test
  void twoThreadsEqualOne() throws Exception {
    Random rnd = new Random(5);
    List<Object[]> left = randomRows(rnd, 20_000, KeyType.BIGINT, 3000, 0.05, false);
    List<Object[]> right = randomRows(rnd, 15_000, KeyType.BIGINT, 3000, 0.05, true);
    for (Sql sql : new Sql[] {Sql.INNER, Sql.FULL, Sql.ANTI}) {
      Case c = new Case(sql, true, false, true);
      List<List<Object>> one = run(new TestTables.RowsNode(leftSchema(KeyType.BIGINT.arrow), left,
          1000), new TestTables.RowsNode(rightSchema(KeyType.BIGINT.arrow), right, 1000), c, false,
          false, 1, 4096);
      List<List<Object>> two = run(new TestTables.RowsNode(leftSchema(KeyType.BIGINT.arrow), left,
          1000), new TestTables.RowsNode(rightSchema(KeyType.BIGINT.arrow), right, 1000), c, false,
          false, 2, 4096);
      assertSameRows(one, two, "1 vs 2 threads " + sql);
      assertSameRows(reference(left, right, c), two, "reference " + sql);
    }
  }

  @Test
  void emptyProbeAndOneRow() throws Exception {
    Schema ls = leftSchema(KeyType.INT.arrow);
    Schema rs = rightSchema(KeyType.INT.arrow);
    List<Object[]> one = List.<Object[]>of(new Object[] {3, 1, 1, "x"});
    for (Sql sql : new Sql[] {Sql.INNER, Sql.LEFT, Sql.RIGHT, Sql.FULL, Sql.ANTI}) {
      Case c = new Case(sql, false, false, false);
      assertSameRows(reference(List.of(), one, c), run(new TestTables.RowsNode(ls, List.of(), 4),
          new TestTables.RowsNode(rs, one, 4), c, false, false, 2, 64), "empty probe " + sql);
      List<Object[]> l1 = List.<Object[]>of(new Object[] {3, 1, 1});
      assertSameRows(reference(l1, one, c), run(new TestTables.RowsNode(ls, l1, 4),
          new TestTables.RowsNode(rs, one, 4), c, false, false, 2, 64), "one row " + sql);
    }
  }
}
