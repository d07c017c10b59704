package io.basalt.engine.exec.join;

import static io.basalt.engine.exec.join.HashJoinNodeTest.V_LE_X;
import static io.basalt.engine.exec.join.HashJoinNodeTest.engineType;
import static io.basalt.engine.exec.join.HashJoinNodeTest.leftSchema;
import static io.basalt.engine.exec.join.HashJoinNodeTest.randomRows;
import static io.basalt.engine.exec.join.HashJoinNodeTest.rightSchema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.exec.OperatorMetrics;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.QueryProfile;
import io.basalt.engine.exec.QueryRun;
import io.basalt.engine.exec.join.HashJoinNodeTest.Case;
import io.basalt.engine.exec.join.HashJoinNodeTest.KeyType;
import io.basalt.engine.exec.join.HashJoinNodeTest.Sql;
import io.basalt.engine.pushdown.ParameterValues;
import io.basalt.engine.spill.SpillLimitExceededException;
import io.basalt.engine.spill.SpillManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grace hash join: with a build side several times the memory limit, every join type gives
 * the answer of the in-memory join (itself checked against a reference in {@link
 * HashJoinNodeTest}) at one and two threads; partitions still too large split again; the counters
 * show the spill; the files are gone afterwards; max_temp_size has its own error.
 */
class SpillingJoinTest {
  private static final int NODE_ID = 7;

  private static HashJoinNode join(List<Object[]> left, List<Object[]> right, KeyType kt, Case c,
      boolean buildIsLeft) {
    PhysicalNode l = new TestTables.LazyRowsNode(leftSchema(kt.arrow), left, 1000);
    PhysicalNode r = new TestTables.LazyRowsNode(rightSchema(kt.arrow), right, 1000);
    int[] keyCols = c.twoKeys() ? new int[] {0, 1} : new int[] {0};
    boolean[] ns = new boolean[keyCols.length];
    Arrays.fill(ns, c.nullSafe());
    return new HashJoinNode(buildIsLeft ? r : l, buildIsLeft ? l : r, keyCols, keyCols, ns,
        engineType(c.sql(), buildIsLeft), buildIsLeft, c.residual() ? V_LE_X : null,
        c.residual() ? new int[] {2, 5} : null, null, NODE_ID);
  }

  private static List<List<Object>> run(HashJoinNode join, int threads, long limit,
      QueryProfile profile, SpillManager spill) throws Exception {
    List<List<Object>> out = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator(limit)) {
      ExecContext context = new ExecContext(allocator, 2048, new AtomicBoolean(),
          ParameterValues.NONE, profile, spill);
      try (QueryRun run = new QueryRun(context, threads); BatchStream s = run.execute(join)) {
        for (VectorSchemaRoot b = s.next(); b != null; b = s.next()) {
          try (VectorSchemaRoot batch = b) {
            out.addAll(TestTables.rows(batch));
          }
        }
      }
      assertEquals(0, allocator.getAllocatedMemory(), "leaked Arrow memory");
    }
    return out;
  }

  /** The build side (100,000 rows, about 4 MB of Arrow data) is about 6 times its share. */
  @Test
  void everyJoinTypeGivesTheInMemoryAnswer(@TempDir Path dir) throws Exception {
    Random rnd = new Random(5);
    List<Object[]> left = randomRows(rnd, 30_000, KeyType.INT, 30_000, 0.05, false);
    List<Object[]> right = randomRows(rnd, 100_000, KeyType.INT, 30_000, 0.05, true);
    List<Object[]> bigLeft = randomRows(rnd, 100_000, KeyType.INT, 30_000, 0.05, false);
    List<Object[]> smallRight = randomRows(rnd, 30_000, KeyType.INT, 30_000, 0.05, true);
    for (Sql sql : Sql.values()) {
      for (boolean buildIsLeft : new boolean[] {false, true}) {
        if (buildIsLeft && sql == Sql.NOT_IN) {
          continue;
        }
        Case c = new Case(sql, false, false, false);
        List<Object[]> l = buildIsLeft ? bigLeft : left;
        List<Object[]> r = buildIsLeft ? smallRight : right;
        List<List<Object>> expected = run(join(l, r, KeyType.INT, c, buildIsLeft), 2,
            Long.MAX_VALUE, new QueryProfile(), new SpillManager(dir, 0));
        for (int threads = 1; threads <= 2; threads++) {
          String label = c + " buildLeft=" + buildIsLeft + " threads=" + threads;
          QueryProfile profile = new QueryProfile();
          assertSameRows(expected, run(join(l, r, KeyType.INT, c, buildIsLeft), threads,
              3L << 20, profile, new SpillManager(dir, 0)), label);
          assertSpilled(profile, label);
          assertEmpty(dir, label);
        }
      }
    }
  }

  @Test
  void stringAndWideDecimalKeysNullSafeKeysAndResiduals(@TempDir Path dir) throws Exception {
    Random rnd = new Random(9);
    for (KeyType kt : new KeyType[] {KeyType.VARCHAR, KeyType.DECIMAL_30}) {
      // Few NULLs: null-safe keys pair every NULL-key row of one side with those of the other.
      List<Object[]> left = randomRows(rnd, 30_000, kt, 30_000, 0.005, false);
      List<Object[]> right = randomRows(rnd, 100_000, kt, 30_000, 0.005, true);
      for (Case c : List.of(new Case(Sql.FULL, true, true, false),
          new Case(Sql.LEFT, false, false, true), new Case(Sql.SEMI, true, false, true),
          new Case(Sql.ANTI, true, true, false))) {
        List<List<Object>> expected = run(join(left, right, kt, c, false), 2, Long.MAX_VALUE,
            new QueryProfile(), new SpillManager(dir, 0));
        String label = kt + " " + c;
        QueryProfile profile = new QueryProfile();
        assertSameRows(expected, run(join(left, right, kt, c, false), 2, 4L << 20, profile,
            new SpillManager(dir, 0)), label);
        assertSpilled(profile, label);
        assertEmpty(dir, label);
      }
    }
  }

  @Test
  void partitionsStillTooLargeSplitAgain(@TempDir Path dir) throws Exception {
    Random rnd = new Random(11);
    List<Object[]> left = randomRows(rnd, 30_000, KeyType.BIGINT, 200_000, 0.02, false);
    List<Object[]> right = randomRows(rnd, 300_000, KeyType.BIGINT, 200_000, 0.02, true);
    Case c = new Case(Sql.RIGHT, false, false, false);
    List<List<Object>> expected = run(join(left, right, KeyType.BIGINT, c, false), 2,
        Long.MAX_VALUE, new QueryProfile(), new SpillManager(dir, 0));
    QueryProfile profile = new QueryProfile();
    assertSameRows(expected, run(join(left, right, KeyType.BIGINT, c, false), 2, 2L << 20,
        profile, new SpillManager(dir, 0)), "split again");
    OperatorMetrics m = profile.operatorOrNull(NODE_ID);
    assertTrue(m.counter("spill passes") >= 2, m.describe());
    assertEmpty(dir, "split again");
  }

  @Test
  void oneHotKeyLargerThanItsShareStillJoins(@TempDir Path dir) throws Exception {
    List<Object[]> left = new ArrayList<>();
    List<Object[]> right = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      right.add(new Object[] {i % 5 == 0 ? 7 : i, 1, i, "r" + i});
    }
    for (int i = 0; i < 2000; i++) {
      left.add(new Object[] {i == 0 ? 7 : i * 10 + 1, 1, i});
    }
    Case c = new Case(Sql.INNER, false, false, false);
    QueryProfile profile = new QueryProfile();
    List<List<Object>> actual = run(join(left, right, KeyType.INT, c, false), 2, 8L << 20,
        profile, new SpillManager(dir, 0));
    // The probe's single 7 meets the 20,000 build 7s and build row 7; every other probe key
    // 10 i + 1 is not a multiple of 5, so it meets exactly one build row.
    long hot = actual.stream().filter(r -> Integer.valueOf(7).equals(r.get(0))).count();
    assertEquals(20_001, hot);
    assertEquals(20_001 + 1999, actual.size());
    assertSpilled(profile, "hot key");
    assertEmpty(dir, "hot key");
  }

  @Test
  void withoutALimitNothingSpills(@TempDir Path dir) throws Exception {
    Random rnd = new Random(13);
    List<Object[]> left = randomRows(rnd, 10_000, KeyType.INT, 5000, 0.05, false);
    List<Object[]> right = randomRows(rnd, 30_000, KeyType.INT, 5000, 0.05, true);
    QueryProfile profile = new QueryProfile();
    run(join(left, right, KeyType.INT, new Case(Sql.INNER, false, false, false), false), 2,
        Long.MAX_VALUE, profile, new SpillManager(dir, 0));
    assertEquals(0, profile.operatorOrNull(NODE_ID).counter("spill rows"));
    assertEmpty(dir, "no limit");
  }

  @Test
  void maxTempSizeHasItsOwnError(@TempDir Path dir) {
    Random rnd = new Random(15);
    List<Object[]> left = randomRows(rnd, 20_000, KeyType.INT, 40_000, 0.05, false);
    List<Object[]> right = randomRows(rnd, 150_000, KeyType.INT, 40_000, 0.05, true);
    SpillManager spill = new SpillManager(dir, 256 << 10);
    SpillLimitExceededException e = assertThrows(SpillLimitExceededException.class,
        () -> run(join(left, right, KeyType.INT, new Case(Sql.INNER, false, false, false),
            false), 2, 4L << 20, new QueryProfile(), spill));
    assertTrue(e.getMessage().contains("max_temp_size"), e.getMessage());
    assertFalse(spill.folderOrNull() != null && Files.exists(spill.folderOrNull()));
  }

  /** Same rows in any order (rows compared as text, each rendered once: the inputs are large). */
  private static void assertSameRows(List<List<Object>> expected, List<List<Object>> actual,
      String label) {
    List<String> e = new ArrayList<>(expected.stream().map(Object::toString).toList());
    List<String> a = new ArrayList<>(actual.stream().map(Object::toString).toList());
    assertEquals(e.size(), a.size(), label + ": row count");
    java.util.Collections.sort(e);
    java.util.Collections.sort(a);
    for (int i = 0; i < e.size(); i++) {
      assertEquals(e.get(i), a.get(i), label + ": row " + i);
    }
  }

  private static void assertSpilled(QueryProfile profile, String label) {
    OperatorMetrics m = profile.operatorOrNull(NODE_ID);
    assertTrue(m.counter("spill rows") > 0, label + ": " + m.describe());
    assertTrue(m.counter("spill files") > 0, label + ": " + m.describe());
    assertTrue(m.counter("peak reserved bytes") > 0, label + ": " + m.describe());
  }

  private static void assertEmpty(Path dir, String how) throws Exception {
    try (Stream<Path> left = Files.list(dir)) {
      List<Path> files = left.toList();
      assertTrue(files.isEmpty(), how + ": spill files left behind: " + files);
    }
  }
}
