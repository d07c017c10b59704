package io.basalt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimedRunnerTest {
  @Test
  void aQueryPastTheLimitIsCancelledAndTheSessionStaysUsable() throws Exception {
    try (EngineSession duckdb = EngineSession.duckDb(Map.of(), 1, Duration.ofSeconds(1))) {
      long start = System.nanoTime();
      // A 10^10-row cross join: minutes of work unless the cancel stops it.
      Outcome slow = duckdb.execute(
          "SELECT sum(a.range * b.range) FROM range(100000) a, range(100000) b");
      Outcome.TimedOut timedOut = assertInstanceOf(Outcome.TimedOut.class, slow);
      assertTrue(timedOut.stopped(), "DuckDB ignored the cancel");
      assertEquals("timeout >1s", slow.label());
      assertTrue(System.nanoTime() - start < Duration.ofSeconds(30).toNanos());
      Outcome.Done done = assertInstanceOf(Outcome.Done.class, duckdb.execute("SELECT 41 + 1"));
      assertEquals(new BigDecimal(42), done.answer().rows().get(0).get(0));
    }
  }

  @Test
  void aFailingQueryIsReportedWithItsMessage() throws Exception {
    try (EngineSession duckdb = EngineSession.duckDb(Map.of(), 1, Duration.ofSeconds(30))) {
      Outcome.Failed failed = assertInstanceOf(Outcome.Failed.class,
          duckdb.execute("SELECT * FROM no_such_table"));
      assertTrue(failed.message().contains("no_such_table"), failed.message());
    }
  }
}
