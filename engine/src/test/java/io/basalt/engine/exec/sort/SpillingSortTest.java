package io.basalt.engine.exec.sort;

import static io.basalt.engine.exec.sort.SortNodeTest.SCHEMA;
import static io.basalt.engine.exec.sort.SortNodeTest.assertSortedLike;
import static io.basalt.engine.exec.sort.SortNodeTest.rows;
import static io.basalt.engine.exec.sort.SortNodeTest.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.exec.OperatorMetrics;
import io.basalt.engine.exec.QueryProfile;
import io.basalt.engine.exec.QueryRun;
import io.basalt.engine.pushdown.ParameterValues;
import io.basalt.engine.spill.SpillLimitExceededException;
import io.basalt.engine.spill.SpillManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The external sort: under memory limits the rows are written as sorted runs and merged (in more
 * than one pass when the limit allows only a narrow merge), and the answer is the in-memory one;
 * the counters show it; OFFSET over a merged output; the run files are gone after success, failure
 * and an early close; max_temp_size has its own error; without a limit nothing spills.
 */
class SpillingSortTest {
  private static final int NODE_ID = 5;

  /** String, wide decimal and double keys with NULLs; the id makes the order total. */
  private static final List<SortKey> KEYS = List.of(new SortKey(6, false, true),
      SortKey.desc(5), SortKey.asc(3), SortKey.asc(0));

  private static SortNode node(List<Object[]> rows, List<SortKey> keys, RowBound offset,
      RowBound fetch) {
    return new SortNode(new TestSource(SCHEMA, rows, 1000), keys, offset, fetch, NODE_ID);
  }

  private static List<Object[]> run(SortNode node, int threads, long limit, QueryProfile profile,
      SpillManager spill) throws Exception {
    List<Object[]> out = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator(limit)) {
      ExecContext context = new ExecContext(allocator, 4096, new AtomicBoolean(),
          ParameterValues.NONE, profile, spill);
      try (QueryRun run = new QueryRun(context, threads); BatchStream s = run.execute(node)) {
        for (VectorSchemaRoot b = s.next(); b != null; b = s.next()) {
          try (VectorSchemaRoot batch = b) {
            assertTrue(batch.getRowCount() <= 4096, "batch of " + batch.getRowCount());
            for (int r = 0; r < batch.getRowCount(); r++) {
              Object[] row = new Object[batch.getFieldVectors().size()];
              for (int c = 0; c < row.length; c++) {
                row[c] = SortTestSupport.read(batch.getVector(c), r);
              }
              out.add(row);
            }
          }
        }
      }
    }
    return out;
  }

  @Test
  void answersDoNotDependOnTheLimitAndSpillingShowsInTheCounters(@TempDir Path dir)
      throws Exception {
    List<Object[]> rows = rows(150_000, 21);
    List<Object[]> expected = sorted(rows, KEYS);
    for (long limit : new long[] {24L << 20, 6L << 20}) {
      for (int threads : new int[] {1, 2}) {
        String how = "limit " + (limit >> 20) + " MB, threads " + threads;
        QueryProfile profile = new QueryProfile();
        SpillManager spill = new SpillManager(dir, 0);
        List<Object[]> actual = run(node(rows, KEYS, null, null), threads, limit, profile, spill);
        assertSortedLike(expected, actual, KEYS);
        OperatorMetrics m = profile.operatorOrNull(NODE_ID);
        assertTrue(m.counter("spill rows") >= rows.size(), how + ": " + m.describe());
        assertTrue(m.counter("spill files") >= 2, how + ": " + m.describe());
        assertTrue(m.counter("peak reserved bytes") > 0, how + ": " + m.describe());
        assertTrue(m.counter("peak reserved bytes") <= limit, how + ": " + m.describe());
        if (limit == 6L << 20) {
          assertTrue(m.counter("spill passes") >= 2, how + ": merges in passes: " + m.describe());
        }
        assertEmpty(dir, how);
      }
    }
  }

  @Test
  void offsetsAndDuplicateKeysOverMergedRuns(@TempDir Path dir) throws Exception {
    List<Object[]> rows = rows(60_000, 23);
    // Few distinct values; the id decides ties, so the rows past the offset are determined.
    List<SortKey> keys = List.of(SortKey.asc(1), SortKey.desc(9), SortKey.asc(0));
    List<Object[]> all = sorted(rows, keys);
    QueryProfile profile = new QueryProfile();
    List<Object[]> actual = run(node(rows, keys, RowBound.of(12_345), null), 2, 6L << 20, profile,
        new SpillManager(dir, 0));
    assertSortedLike(all.subList(12_345, all.size()), actual, keys);
    assertTrue(profile.operatorOrNull(NODE_ID).counter("spill rows") > 0);
    assertEmpty(dir, "offset");
  }

  @Test
  void withoutALimitNothingSpills(@TempDir Path dir) throws Exception {
    List<Object[]> rows = rows(20_000, 25);
    QueryProfile profile = new QueryProfile();
    List<Object[]> actual = run(node(rows, KEYS, null, null), 2, Long.MAX_VALUE, profile,
        new SpillManager(dir, 0));
    assertSortedLike(sorted(rows, KEYS), actual, KEYS);
    assertEquals(0, profile.operatorOrNull(NODE_ID).counter("spill rows"));
    assertEmpty(dir, "no limit");
  }

  @Test
  void aLargeLimitSortsInMemory(@TempDir Path dir) throws Exception {
    List<Object[]> rows = rows(20_000, 27);
    QueryProfile profile = new QueryProfile();
    List<Object[]> actual = run(node(rows, KEYS, RowBound.of(3), RowBound.of(1L << 30)), 2,
        512L << 20, profile, new SpillManager(dir, 0));
    assertSortedLike(sorted(rows, KEYS).subList(3, rows.size()), actual, KEYS);
    OperatorMetrics m = profile.operatorOrNull(NODE_ID);
    assertEquals(0, m.counter("spill rows"), m.describe());
    assertTrue(m.counter("peak reserved bytes") > 0, m.describe());
  }

  @Test
  void readingOnlyTheFirstBatchStillDeletesTheRuns(@TempDir Path dir) throws Exception {
    SpillManager spill = new SpillManager(dir, 0);
    try (BufferAllocator allocator = new RootAllocator(6L << 20)) {
      ExecContext context = new ExecContext(allocator, 4096, new AtomicBoolean(),
          ParameterValues.NONE, new QueryProfile(), spill);
      try (QueryRun run = new QueryRun(context, 2);
          BatchStream s = run.execute(node(rows(60_000, 29), KEYS, null, null))) {
        try (VectorSchemaRoot first = s.next()) {
          assertTrue(first.getRowCount() > 0);
        }
        assertTrue(spill.bytesWritten() > 0);
      }
    }
    assertEmpty(dir, "early close");
  }

  @Test
  void maxTempSizeHasItsOwnError(@TempDir Path dir) {
    SpillManager spill = new SpillManager(dir, 256 << 10);
    SpillLimitExceededException e = assertThrows(SpillLimitExceededException.class,
        () -> run(node(rows(60_000, 31), KEYS, null, null), 2, 6L << 20, new QueryProfile(),
            spill));
    assertTrue(e.getMessage().contains("max_temp_size"), e.getMessage());
    assertFalse(spill.folderOrNull() != null && Files.exists(spill.folderOrNull()));
  }

  private static void assertEmpty(Path dir, String how) throws Exception {
    try (Stream<Path> left = Files.list(dir)) {
      List<Path> files = left.toList();
      assertTrue(files.isEmpty(), how + ": spill files left behind: " + files);
    }
  }
}
