package io.basalt.engine.exec.aggregate;

import static io.basalt.engine.exec.aggregate.AggTesting.BIGINT;
import static io.basalt.engine.exec.aggregate.AggTesting.DOUBLE;
import static io.basalt.engine.exec.aggregate.AggTesting.VARCHAR;
import static io.basalt.engine.exec.aggregate.AggTesting.decimal;
import static io.basalt.engine.exec.aggregate.AggTesting.field;
import static io.basalt.engine.exec.aggregate.AggTesting.run;
import static io.basalt.engine.exec.aggregate.AggTesting.sorted;
import static io.basalt.engine.exec.aggregate.AggTesting.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.engine.exec.OperatorMetrics;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.QueryProfile;
import io.basalt.engine.exec.aggregate.AggregateCall.Function;
import io.basalt.engine.spill.SpillLimitExceededException;
import io.basalt.engine.spill.SpillManager;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hash aggregation under memory limits: the answer does not depend on the limit or the number
 * of workers, spilling shows in the operator's counters, a partition that is still too large
 * spills again, the spill files are gone when the run ends (after success and after failure), and
 * max_temp_size and an unspillable state give their own errors.
 */
class SpillingAggregationTest {
  private static final Schema SCHEMA = new Schema(List.of(field("k", BIGINT),
      field("s", VARCHAR), field("v", DOUBLE), field("d", decimal(12, 2))));

  /** {@code groups} keys, each on {@code perKey} rows (spread over the input), some NULLs. */
  private static List<Object[]> rows(int groups, int perKey) {
    List<Object[]> rows = new ArrayList<>();
    for (int r = 0; r < perKey; r++) {
      for (int g = 0; g < groups; g++) {
        Long k = g % 1000 == 7 ? null : (long) g * 31 - 5000;
        String s = g % 997 == 3 ? null : "name-" + (g % 50_000) + "-" + r % 2;
        Double v = g % 13 == 0 ? null : g * 0.5 + r;
        BigDecimal d = BigDecimal.valueOf(g * 100L + r, 2);
        rows.add(new Object[] {k, s, v, d});
      }
    }
    return rows;
  }

  private static AggregateCall call(Function f, int arg, String name, ArrowType out) {
    return new AggregateCall(f, arg < 0 ? new int[0] : new int[] {arg}, -1, field(name, out),
        null);
  }

  private static final List<AggregateCall> CALLS = List.of(
      call(Function.COUNT, -1, "c", BIGINT), call(Function.SUM, 2, "sv", DOUBLE),
      call(Function.SUM, 3, "sd", decimal(38, 2)), call(Function.AVG, 3, "ad", DOUBLE),
      call(Function.MIN, 1, "mins", VARCHAR), call(Function.MAX, 2, "maxv", DOUBLE),
      call(Function.ANY_VALUE, 0, "anyk", BIGINT));

  private static PhysicalNode node(List<Object[]> rows, int[] keys) {
    List<Field> fields = new ArrayList<>();
    for (int k : keys) {
      fields.add(SCHEMA.getFields().get(k));
    }
    CALLS.forEach(c -> fields.add(c.output()));
    return new HashAggregateNode(source(SCHEMA, rows, 4096), keys, null, CALLS,
        new Schema(fields), 9);
  }

  @Test
  void answersDoNotDependOnTheLimitAndSpillingShowsInTheCounters(@TempDir Path dir)
      throws Exception {
    List<Object[]> rows = rows(120_000, 2);
    int[] keys = {0, 1};
    List<List<Object>> expected = sorted(run(node(rows, keys), 1, 4096));
    assertTrue(expected.size() > 200_000, "groups: " + expected.size());
    for (long limit : new long[] {32L << 20, 5L << 20}) {
      for (int threads : new int[] {1, 2}) {
        QueryProfile profile = new QueryProfile();
        SpillManager spill = new SpillManager(dir, 0);
        List<List<Object>> actual = sorted(run(node(rows, keys), threads, 4096, limit, profile,
            spill));
        String how = "limit " + limit + ", threads " + threads;
        assertEquals(expected.size(), actual.size(), how);
        for (int i = 0; i < expected.size(); i++) {
          assertRowEquals(expected.get(i), actual.get(i), how);
        }
        OperatorMetrics m = profile.operatorOrNull(9);
        assertTrue(m.counter("spill rows") > 0, how + ": " + m.describe());
        assertTrue(m.counter("spill files") > 0, how + ": " + m.describe());
        assertTrue(m.counter("spill bytes") > 0, how + ": " + m.describe());
        assertTrue(m.counter("peak reserved bytes") > 0, how + ": " + m.describe());
        assertTrue(m.counter("peak reserved bytes") <= limit, how + ": " + m.describe());
        if (limit == 5L << 20 && threads == 2) {
          assertTrue(m.counter("spill passes") >= 2, "partitions spill again: " + m.describe());
        }
        assertTrue(spill.bytesWritten() > 0);
        assertEmpty(dir, how);
      }
    }
  }

  private static void assertRowEquals(List<Object> e, List<Object> a, String how) {
    assertEquals(e.size(), a.size());
    for (int c = 0; c < e.size(); c++) {
      if (e.get(c) instanceof Double x && a.get(c) instanceof Double y) {
        assertTrue(Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x)), how + ": " + a + " vs " + e);
      } else {
        assertEquals(e.get(c), a.get(c), how + ": " + a + " vs " + e);
      }
    }
  }

  private static void assertEmpty(Path dir, String how) throws Exception {
    try (Stream<Path> left = Files.list(dir)) {
      List<Path> files = left.toList();
      assertTrue(files.isEmpty(), how + ": spill files left behind: " + files);
    }
  }

  @Test
  void withoutALimitNothingSpills(@TempDir Path dir) throws Exception {
    QueryProfile profile = new QueryProfile();
    run(node(rows(20_000, 2), new int[] {0}), 2, 4096, Long.MAX_VALUE, profile,
        new SpillManager(dir, 0));
    OperatorMetrics m = profile.operatorOrNull(9);
    assertEquals(0, m.counter("spill rows"), m.describe());
    assertTrue(m.counter("peak reserved bytes") > 0, m.describe());
    assertEmpty(dir, "no spill");
  }

  @Test
  void maxTempSizeHasItsOwnErrorAndTheFilesAreDeleted(@TempDir Path dir) {
    SpillManager spill = new SpillManager(dir, 64 << 10);
    SpillLimitExceededException e = assertThrows(SpillLimitExceededException.class,
        () -> run(node(rows(120_000, 2), new int[] {0, 1}), 2, 4096, 13L << 20,
            new QueryProfile(), spill));
    assertTrue(e.getMessage().contains("max_temp_size"), e.getMessage());
    assertFalse(spill.folderOrNull() != null && Files.exists(spill.folderOrNull()));
  }

  @Test
  void aFourMegabyteLimitStillFinishes(@TempDir Path dir) throws Exception {
    List<Object[]> rows = rows(30_000, 1);
    List<List<Object>> expected = sorted(run(node(rows, new int[] {0, 1}), 1, 4096));
    QueryProfile profile = new QueryProfile();
    List<List<Object>> actual = sorted(run(node(rows, new int[] {0, 1}), 2, 4096, 4L << 20,
        profile, new SpillManager(dir, 0)));
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertRowEquals(expected.get(i), actual.get(i), "4 MB");
    }
    assertTrue(profile.operatorOrNull(9).counter("spill rows") > 0);
    assertEmpty(dir, "4 MB");
  }
}
