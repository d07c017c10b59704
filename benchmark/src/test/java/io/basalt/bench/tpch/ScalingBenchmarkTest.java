package io.basalt.bench.tpch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.bench.SharedTpchData;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The thread-scaling benchmark at SF 0.01: every listed query runs at one thread and at two in both
 * engines, the answers at both thread counts equal DuckDB's, and each speed-up is the ratio of the
 * row's own medians.
 */
class ScalingBenchmarkTest {
  @Test
  void runsBothEnginesAtOneAndTwoThreadsWithEqualAnswers() throws Exception {
    TpchBenchConfig config = new TpchBenchConfig(SharedTpchData.folder(), "0.01", 0, 2, 2,
        List.of(1, 6, 18), Duration.ofMinutes(2));
    ScalingReport report =
        new ScalingBenchmark(config, new PrintStream(OutputStream.nullOutputStream())).run();

    assertEquals(3, report.rows().size());
    for (ScalingRow row : report.rows()) {
      assertEquals(QueryRow.EQUAL, row.check(), "Q" + row.query());
      assertEquals(2, row.basalt1().millis().size());
      assertEquals(2, row.basaltN().millis().size());
      assertEquals(2, row.duckdb1().millis().size());
      assertEquals(2, row.duckdbN().millis().size());
      assertEquals(row.basalt1().median().getAsDouble() / row.basaltN().median().getAsDouble(),
          row.basaltSpeedup().getAsDouble(), 1e-9);
      assertEquals(row.duckdb1().median().getAsDouble() / row.duckdbN().median().getAsDouble(),
          row.duckdbSpeedup().getAsDouble(), 1e-9);
    }
    String[] csv = report.csv().split("\n");
    assertEquals("query,basalt_1t_ms,basalt_2t_ms,basalt_speedup,duckdb_1t_ms,duckdb_2t_ms,"
        + "duckdb_speedup,answers", csv[0]);
    assertTrue(csv[1].startsWith("Q1,") && csv[1].endsWith(",equal"), csv[1]);
    assertTrue(report.text().contains("threads 1 vs 2 interleaved"), report.text());
  }

  @Test
  void refusesOneThread() {
    TpchBenchConfig config = new TpchBenchConfig(SharedTpchData.folder(), "0.01", 0, 1, 1,
        List.of(1), Duration.ofMinutes(1));
    assertThrows(IllegalArgumentException.class, () -> new ScalingBenchmark(config, System.err));
  }
}
