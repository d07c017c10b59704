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
    Map<Integer, List<Object>> expected = run(data, groups, 2, Long.MAX_VALUE,
        new QueryProfile(), new SpillManager(dir, 0));
    for (int threads = 1; threads <= 2; threads++) {
      QueryProfile profile = new QueryProfile();
      Map<Integer, List<Object>> actual = run(data, groups, threads, 24L << 20, profile,
          new SpillManager(dir, 0));
      assertEquals(expected.size(), actual.size());
      for (Map.Entry<Integer, List<Object>> e : expected.entrySet()) {
        assertEquals(String.valueOf(e.getValue()), String.valueOf(actual.get(e.getKey())),
            "threads=" + threads + " row " + e.getKey());
      }
      OperatorMetrics m = profile.operatorOrNull(NODE_ID);
      assertTrue(m.counter("spill rows") >= data.size(), m.describe());
      assertTrue(m.counter("peak reserved bytes") > 0, m.describe());
      try (Stream<Path> left = Files.list(dir)) {
        assertTrue(left.findAny().isEmpty(), "spill files left behind");
      }
    }
  }
}
