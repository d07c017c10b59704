package io.basalt.engine.exec.window;

import static io.basalt.engine.exec.window.WindowNodeTest.P;
import static io.basalt.engine.exec.window.WindowNodeTest.Q;
import static io.basalt.engine.exec.window.WindowNodeTest.SCHEMA;
import static io.basalt.engine.exec.window.WindowNodeTest.UNIQUE;
import static io.basalt.engine.exec.window.WindowNodeTest.all;
import static io.basalt.engine.exec.window.WindowNodeTest.peerSafe;
import static io.basalt.engine.exec.window.WindowNodeTest.read;
import static io.basalt.engine.exec.window.WindowNodeTest.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.exec.OperatorMetrics;
import io.basalt.engine.exec.QueryProfile;
import io.basalt.engine.exec.QueryRun;
import io.basalt.engine.exec.join.JoinPartitions;
import io.basalt.engine.exec.setop.ValuesNode;
import io.basalt.engine.exec.sort.SortKey;
import io.basalt.engine.exec.window.WindowFrame.Bound;
import io.basalt.engine.exec.window.WindowFrame.BoundKind;
import io.basalt.engine.exec.window.WindowFunction.Kind;
import io.basalt.engine.memory.OperatorMemory;
import io.basalt.engine.pushdown.ParameterValues;
import io.basalt.engine.spill.SpillManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Windows under a memory limit their input does not fit: the rows go to disk partitioned by the
 * PARTITION BY columns the windows share and are evaluated file by file; every value equals the
 * in-memory evaluation's (itself checked against a reference in {@link WindowNodeTest}), at one
 * and two threads; the counters show the spill and the files are gone afterwards.
 */
class SpillingWindowTest {
  private static final int NODE_ID = 3;

  private static Map<Integer, List<Object>> run(List<Object[]> rows, List<WindowGroup> groups,
      int threads, long limit, QueryProfile profile, SpillManager spill) throws Exception {
    List<Field> fields = new ArrayList<>(SCHEMA.getFields());
    for (WindowGroup g : groups) {
      for (WindowFunction f : g.functions()) {
        fields.add(f.output());
      }
    }
    Map<Integer, List<Object>> out = new HashMap<>();
    try (BufferAllocator allocator = new RootAllocator(limit)) {
      WindowNode node = new WindowNode(new WindowNodeTest.Source(SCHEMA, rows, 500), groups,
          new Schema(fields), NODE_ID);
      ExecContext context = new ExecContext(allocator, 1000, new AtomicBoolean(),
          ParameterValues.NONE, profile, spill);
      try (QueryRun run = new QueryRun(context, threads); BatchStream s = run.execute(node)) {
        for (VectorSchemaRoot b = s.next(); b != null; b = s.next()) {
          try (VectorSchemaRoot batch = b) {
            for (int r = 0; r < batch.getRowCount(); r++) {
              Object[] row = new Object[fields.size()];
              for (int c = 0; c < row.length; c++) {
                row[c] = read(batch.getVector(c), r);
              }
              assertTrue(out.put((Integer) row[WindowNodeTest.ID], Arrays.asList(row)) == null,
                  "row twice");
            }
          }
        }
      }
      assertEquals(0, allocator.getAllocatedMemory(), "leaked Arrow memory");
    }
    return out;
  }

  @Test
  void spilledWindowsEqualTheInMemoryOnes(@TempDir Path dir) throws Exception {
    List<Object[]> data = rows(40_000, 17, 3000);
    // Two windows sharing the PARTITION BY column P: the rows are partitioned on P alone. With 53
    // functions a row's evaluation arrays take over 1 KB: 52 MB for the input, 24 MB the limit.
    List<WindowGroup> groups = List.of(
        new WindowGroup(new int[] {P}, UNIQUE, WindowFrame.DEFAULT, all()),
        new WindowGroup(new int[] {Q, P}, List.of(), WindowFrame.WHOLE, peerSafe()));
    assertSpilledAsInMemory(data, groups, 1, dir);
  }

  /**
   * Runs {@code groups} over {@code rows} under a 24MB limit at one and two threads: every value
   * equals the unlimited run's, the window spilled at least {@code passes} times its input's rows,
   * and no spill file is left.
   */
  private static void assertSpilledAsInMemory(List<Object[]> rows, List<WindowGroup> groups,
      int passes, Path dir) throws Exception {
    Map<Integer, List<Object>> expected = run(rows, groups, 2, Long.MAX_VALUE,
        new QueryProfile(), new SpillManager(dir, 0));
    for (int threads = 1; threads <= 2; threads++) {
      QueryProfile profile = new QueryProfile();
      Map<Integer, List<Object>> actual = run(rows, groups, threads, 24L << 20, profile,
          new SpillManager(dir, 0));
      assertSame(expected, actual, "threads=" + threads);
      OperatorMetrics m = profile.operatorOrNull(NODE_ID);
      assertTrue(m.counter("spill rows") >= (long) passes * rows.size(), m.describe());
      assertTrue(m.counter("peak reserved bytes") > 0, m.describe());
      try (Stream<Path> left = Files.list(dir)) {
        assertTrue(left.findAny().isEmpty(), "spill files left behind");
      }
    }
  }

  // ------------------------------------------------------------------ partitions beyond memory

  private static WindowFrame frame(boolean rows, BoundKind lo, long lowOff, BoundKind hi,
      long highOff) {
    return new WindowFrame(rows, new Bound(lo, lowOff), new Bound(hi, highOff));
  }

  /** The functions of {@code fns} that a streamed evaluation of {@code frame} supports. */
  private static List<WindowFunction> streamable(List<WindowFunction> fns, WindowFrame frame) {
    List<WindowFunction> out = new ArrayList<>();
    for (WindowFunction fn : fns) {
      WindowGroup one = new WindowGroup(new int[0], List.of(), frame, List.of(fn));
      if (SortedWindow.unsupported(List.of(one), SCHEMA) == null) {
        out.add(fn);
      }
    }
    return out;
  }

  /** Every output row of {@link SortedWindow#evaluate} over {@code rows}, keyed by id. */
  private static Map<Integer, List<Object>> streamed(List<Object[]> rows,
      List<WindowGroup> groups, long limit, Path dir) throws Exception {
    Map<Integer, List<Object>> out = new HashMap<>();
    try (BufferAllocator allocator = new RootAllocator(limit);
        SpillManager spill = new SpillManager(dir, 0)) {
      ExecContext context = new ExecContext(allocator, 1000, new AtomicBoolean(),
          ParameterValues.NONE, new QueryProfile(), spill);
      OperatorMemory memory = new OperatorMemory(allocator, "window", 1);
      JoinPartitions.SpillStats stats = new JoinPartitions.SpillStats();
      BatchStream input = new BatchStream() {
        private int from;

        @Override
        public VectorSchemaRoot next() {
          if (from >= rows.size()) {
            return null;
          }
          int to = Math.min(rows.size(), from + 700);
          VectorSchemaRoot b = ValuesNode.batch(SCHEMA, new ArrayList<>(rows.subList(from, to)),
              allocator);
          from = to;
          return b;
        }

        @Override
        public void close() {}
      };
      try (BatchStream s = SortedWindow.evaluate(context, memory, input, SCHEMA, groups, "test",
          stats)) {
        for (VectorSchemaRoot b = s.next(); b != null; b = s.next()) {
          try (VectorSchemaRoot batch = b) {
            for (int r = 0; r < batch.getRowCount(); r++) {
              Object[] row = new Object[batch.getFieldVectors().size()];
              for (int c = 0; c < row.length; c++) {
                row[c] = read(batch.getVector(c), r);
              }
              assertTrue(out.put((Integer) row[WindowNodeTest.ID], Arrays.asList(row)) == null,
                  "row twice");
            }
          }
        }
      }
      assertTrue(stats.files.get() > 0, "nothing written to disk");
      assertEquals(0, allocator.getAllocatedMemory(), "leaked Arrow memory");
    }
    try (Stream<Path> left = Files.list(dir)) {
      assertTrue(left.findAny().isEmpty(), "spill files left behind");
    }
    return out;
  }

  private static void assertSame(Map<Integer, List<Object>> expected,
      Map<Integer, List<Object>> actual, String what) {
    assertEquals(expected.size(), actual.size(), what);
    for (Map.Entry<Integer, List<Object>> e : expected.entrySet()) {
      assertEquals(String.valueOf(e.getValue()), String.valueOf(actual.get(e.getKey())),
          what + " row " + e.getKey());
    }
  }

  @Test
  void streamedRowsFramesEqualTheInMemoryEvaluation(@TempDir Path dir) throws Exception {
    // Few partitions of thousands of rows; 6MB makes the sort write several runs.
    List<Object[]> data = rows(12_000, 5, 3);
    for (WindowFrame f : List.of(
        frame(true, BoundKind.UNBOUNDED_PRECEDING, 0, BoundKind.CURRENT_ROW, 0),
        frame(true, BoundKind.PRECEDING, 3, BoundKind.FOLLOWING, 2),
        frame(true, BoundKind.PRECEDING, 5, BoundKind.PRECEDING, 2),
        frame(true, BoundKind.FOLLOWING, 1, BoundKind.FOLLOWING, 4),
        frame(true, BoundKind.CURRENT_ROW, 0, BoundKind.UNBOUNDED_FOLLOWING, 0),
        frame(true, BoundKind.PRECEDING, 100000, BoundKind.FOLLOWING, Long.MAX_VALUE),
        frame(true, BoundKind.FOLLOWING, 2, BoundKind.PRECEDING, 2),
        frame(true, BoundKind.UNBOUNDED_PRECEDING, 0, BoundKind.UNBOUNDED_FOLLOWING, 0),
        frame(true, BoundKind.UNBOUNDED_PRECEDING, 0, BoundKind.PRECEDING, 3))) {
      List<WindowGroup> groups = List.of(
          new WindowGroup(new int[] {P}, UNIQUE, f, streamable(all(), f)));
      Map<Integer, List<Object>> expected = run(data, groups, 2, Long.MAX_VALUE,
          new QueryProfile(), new SpillManager(dir, 0));
      assertSame(expected, streamed(data, groups, 6L << 20, dir), f.toString());
    }
  }

  @Test
  void streamedRangeFramesAndSeveralGroupsEqualTheInMemoryEvaluation(@TempDir Path dir)
      throws Exception {
    List<Object[]> data = rows(9_000, 6, 2);
    List<SortKey> desc = List.of(new SortKey(WindowNodeTest.K, true, true));
    List<WindowGroup> groups = new ArrayList<>();
    for (WindowFrame f : List.of(WindowFrame.DEFAULT,
        frame(false, BoundKind.CURRENT_ROW, 0, BoundKind.UNBOUNDED_FOLLOWING, 0),
        frame(false, BoundKind.CURRENT_ROW, 0, BoundKind.CURRENT_ROW, 0))) {
      groups.add(new WindowGroup(new int[] {Q, P}, desc, f, streamable(peerSafe(), f)));
    }
    // The same sort keys without PARTITION BY: the rows' order serves, the partitions differ.
    groups.add(new WindowGroup(new int[0], List.of(SortKey.asc(Q), SortKey.asc(P), desc.get(0)),
        WindowFrame.DEFAULT, streamable(peerSafe(), WindowFrame.DEFAULT)));
    // No PARTITION BY, no ORDER BY: one partition of every row, all of them peers.
    groups.add(new WindowGroup(new int[0], List.of(), WindowFrame.WHOLE, peerSafe()));
    groups.add(new WindowGroup(new int[0], UNIQUE, WindowFrame.DEFAULT, all()));
    Map<Integer, List<Object>> expected = run(data, groups, 2, Long.MAX_VALUE,
        new QueryProfile(), new SpillManager(dir, 0));
    assertSame(expected, streamed(data, groups, 6L << 20, dir), "chained groups");
    assertSame(expected, streamed(data, groups, Long.MAX_VALUE, dir), "chained groups, unlimited");
  }

  @Test
  void whatCannotBeStreamedIsNamed() {
    WindowFrame sliding = frame(true, BoundKind.PRECEDING, 2, BoundKind.CURRENT_ROW, 0);
    Field bigint = SCHEMA.getFields().get(WindowNodeTest.K);
    Field dbl = SCHEMA.getFields().get(WindowNodeTest.D);
    assertTrue(SortedWindow.unsupported(List.of(new WindowGroup(new int[0], UNIQUE, sliding,
        List.of(WindowFunction.of(Kind.MIN, WindowNodeTest.K, bigint)))), SCHEMA)
        .startsWith("MIN over a frame"));
    assertTrue(SortedWindow.unsupported(List.of(new WindowGroup(new int[0], UNIQUE, sliding,
        List.of(WindowFunction.of(Kind.SUM, WindowNodeTest.D, dbl)))), SCHEMA)
        .startsWith("floating-point SUM"));
    assertTrue(SortedWindow.unsupported(List.of(new WindowGroup(new int[0], UNIQUE,
        WindowFrame.DEFAULT, List.of(WindowFunction.of(Kind.COUNT, WindowNodeTest.K, bigint)
            .with(true, false)))), SCHEMA).startsWith("COUNT(DISTINCT"));
    assertTrue(SortedWindow.unsupported(List.of(new WindowGroup(new int[0],
        List.of(new SortKey(WindowNodeTest.K, false, false)),
        frame(false, BoundKind.PRECEDING, 3, BoundKind.CURRENT_ROW, 0),
        List.of(WindowFunction.of(Kind.COUNT, bigint)))), SCHEMA).contains("RANGE frame"));
    assertEquals(null, SortedWindow.unsupported(List.of(new WindowGroup(new int[0], UNIQUE,
        sliding, List.of(WindowFunction.of(Kind.SUM, WindowNodeTest.K, bigint)))), SCHEMA));
  }

  @Test
  void onePartitionLargerThanMemoryIsStreamed(@TempDir Path dir) throws Exception {
    // Every row in one window partition (and a second window with no PARTITION BY at all): the
    // hash partitioning cannot split it, so the node sorts it on disk and streams it.
    List<Object[]> data = rows(40_000, 7, 1);
    for (Object[] row : data) {
      row[P] = 1;
    }
    List<WindowGroup> groups = List.of(
        new WindowGroup(new int[] {P}, UNIQUE, WindowFrame.DEFAULT,
            streamable(all(), WindowFrame.DEFAULT)),
        new WindowGroup(new int[0], List.of(), WindowFrame.WHOLE, peerSafe()));
    // Written to the hash partition, then to the sort's runs.
    assertSpilledAsInMemory(data, groups, 2, dir);
  }

  @Test
  void aPartitionThatCanNeitherFitNorStreamFailsClearly(@TempDir Path dir) throws Exception {
    List<Object[]> data = rows(40_000, 8, 1);
    WindowFrame sliding = frame(true, BoundKind.PRECEDING, 2, BoundKind.CURRENT_ROW, 0);
    List<WindowGroup> groups = List.of(new WindowGroup(new int[0], UNIQUE, sliding,
        List.of(WindowFunction.of(Kind.MIN, WindowNodeTest.S, SCHEMA.getFields().get(
            WindowNodeTest.S)))));
    UnsupportedOperationException e = org.junit.jupiter.api.Assertions.assertThrows(
        UnsupportedOperationException.class, () -> run(data, groups, 1, 6L << 20,
            new QueryProfile(), new SpillManager(dir, 0)));
    assertTrue(e.getMessage().startsWith("not supported yet: MIN over a frame that does not "
        + "start at UNBOUNDED PRECEDING"), e.getMessage());
    assertTrue(e.getMessage().contains("memory_limit"), e.getMessage());
  }
}
