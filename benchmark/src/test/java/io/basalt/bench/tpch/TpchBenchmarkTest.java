package io.basalt.bench.tpch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.bench.SharedTpchData;
import io.basalt.bench.Stats;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The TPC-H benchmark end to end at SF 0.01 with one run and no warm-up (to stay fast in {@code mvn
 * verify}): every query timed in both engines with equal answers, and the report's summary is the
 * geometric mean of its own rows' ratios.
 */
class TpchBenchmarkTest {
  @Test
  void all22QueriesRunInBothEnginesWithEqualAnswers() throws Exception {
    TpchBenchConfig config = new TpchBenchConfig(SharedTpchData.folder(), "0.01", 0, 1, 2,
        IntStream.rangeClosed(1, 22).boxed().toList(), Duration.ofMinutes(2));
    TpchReport report = new TpchBenchmark(config, new PrintStream(OutputStream.nullOutputStream())).run();

    assertEquals(22, report.rows().size());
    List<Double> ratios = new ArrayList<>();
    for (QueryRow row : report.rows()) {
      assertEquals(QueryRow.EQUAL, row.check(), "Q" + row.query());
      assertEquals(1, row.basalt().millis().size(), "Q" + row.query() + " Basalt runs");
      assertEquals(1, row.duckdb().millis().size(), "Q" + row.query() + " DuckDB runs");
      assertTrue(row.rows() >= 0, "Q" + row.query() + " rows");
      ratios.add(row.basalt().millis().get(0) / row.duckdb().millis().get(0));
    }
    assertEquals(Stats.geometricMean(ratios), report.geometricMeanRatio().getAsDouble(), 1e-9);
    assertTrue(report.summary().contains("over 22 of 22 queries; answers equal: 22 of 22"),
        report.summary());

    String[] csv = report.csv().split("\n");
    assertEquals(23, csv.length);
    assertEquals("query,basalt_ms,duckdb_ms,basalt/duckdb,rows,answers", csv[0]);
    assertTrue(csv[1].startsWith("Q1,") && csv[1].endsWith(",4,equal"), csv[1]);
    assertEquals(22 + 2, report.markdown().lines().filter(l -> l.startsWith("|")).count());
  }
}
