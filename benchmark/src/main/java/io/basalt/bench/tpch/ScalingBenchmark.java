package io.basalt.bench.tpch;

import io.basalt.bench.DuckDbSql;
import io.basalt.bench.EngineSession;
import io.basalt.bench.TpchData;
import io.basalt.cli.tpch.TpchQueries;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Thread scaling: each TPC-H query in Basalt and in DuckDB with one worker thread and with
 * {@code config.threads()}, the four executions interleaved (Basalt 1, Basalt N, DuckDB 1, DuckDB
 * N, then again) so that all four see the same machine load. Separate runs of the plain TPC-H
 * benchmark at one and at N threads are minutes apart, and on a shared virtual machine the load
 * changes enough in that time to move a speed-up by a third; interleaving cancels that drift.
 * Warm-up runs at least {@code config.warmups()} rounds and then on until the JIT is quiet (see
 * {@link WarmupGate}). Answers at both thread counts are checked against DuckDB's.
 */
public final class ScalingBenchmark {
  private final TpchBenchConfig config;
  private final PrintStream progress;

  public ScalingBenchmark(TpchBenchConfig config, PrintStream progress) {
    if (config.threads() < 2) {
      throw new IllegalArgumentException("thread scaling compares 1 thread with more; got threads="
          + config.threads() + " (use --threads 2 or more)");
    }
    this.config = config;
    this.progress = progress;
  }

  public ScalingReport run() throws SQLException {
    List<ScalingRow> rows = new ArrayList<>();
    int n = config.threads();
    try (EngineSession basalt1 = EngineSession.basalt(config.data(), 1, config.timeout());
        EngineSession basaltN = EngineSession.basalt(config.data(), n, config.timeout());
        EngineSession duck1 = EngineSession.duckDb(TpchData.files(config.data()), 1,
            config.timeout());
        EngineSession duckN = EngineSession.duckDb(TpchData.files(config.data()), n,
            config.timeout())) {
      for (int q : config.queries()) {
        String sql = TpchQueries.text(q);
        String duckSql = DuckDbSql.adapt(sql);
        QueryRuns b1 = new QueryRuns();
        QueryRuns bN = new QueryRuns();
        QueryRuns d1 = new QueryRuns();
        QueryRuns dN = new QueryRuns();
        WarmupGate warmup = new WarmupGate(config.warmups());
        while (warmup.another()) {
          b1.add(basalt1, sql, false);
          bN.add(basaltN, sql, false);
          d1.add(duck1, duckSql, false);
          dN.add(duckN, duckSql, false);
          warmup.roundDone();
        }
        for (int i = 0; i < config.runs(); i++) {
          b1.add(basalt1, sql, true);
          bN.add(basaltN, sql, true);
          d1.add(duck1, duckSql, true);
          dN.add(duckN, duckSql, true);
        }
        String check1 = TpchBenchmark.check(q, b1.first, dN.first);
        String checkN = TpchBenchmark.check(q, bN.first, dN.first);
        String check = !check1.equals(QueryRow.EQUAL) ? "threads=1: " + check1
            : !checkN.equals(QueryRow.EQUAL) ? "threads=" + n + ": " + checkN : QueryRow.EQUAL;
        ScalingRow row = new ScalingRow(q, b1.result(), bN.result(), d1.result(), dN.result(),
            check);
        progress.printf(Locale.ROOT, "Q%d: Basalt %s -> %s, DuckDB %s -> %s, %s (%d warm-up "
            + "rounds)%n", q, row.basalt1().cellWithUnit(), row.basaltN().cellWithUnit(),
            row.duckdb1().cellWithUnit(), row.duckdbN().cellWithUnit(), check, warmup.rounds());
        rows.add(row);
      }
    }
    return new ScalingReport(config, rows);
  }
}
