package io.basalt.bench.tpch;

import io.basalt.bench.Answer;
import io.basalt.bench.DuckDbSql;
import io.basalt.bench.EngineSession;
import io.basalt.bench.Outcome;
import io.basalt.bench.TpchData;
import io.basalt.cli.tpch.TpchQueries;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs TPC-H queries in Basalt (embedded) and DuckDB (in-process, views over the same Parquet
 * files) in this JVM. Per query: {@code warmups} untimed then {@code runs} timed executions,
 * alternating Basalt, DuckDB, Basalt, ... so that both see the same machine load; the answers of
 * each engine's first execution are compared. A time is wall clock from execute to the last row read, planning included
 * (plain statements, as an application sends them).
 */
public final class TpchBenchmark {
  private final TpchBenchConfig config;
  private final PrintStream progress;

  public TpchBenchmark(TpchBenchConfig config, PrintStream progress) {
    this.config = config;
    this.progress = progress;
  }

  public TpchReport run() throws SQLException {
    List<QueryRow> rows = new ArrayList<>();
    try (EngineSession basalt = EngineSession.basalt(config.data(), config.threads(), config.timeout());
        EngineSession duckdb = EngineSession.duckDb(
            TpchData.files(config.data()), config.threads(), config.timeout())) {
      for (int q : config.queries()) {
        QueryRow row = runQuery(q, basalt, duckdb);
        progress.printf(Locale.ROOT, "Q%d: Basalt %s, DuckDB %s, %s%n",
            q, row.basalt().cellWithUnit(), row.duckdb().cellWithUnit(), row.check());
        rows.add(row);
      }
    }
    return new TpchReport(config, rows);
  }

  private QueryRow runQuery(int q, EngineSession basalt, EngineSession duckdb) {
    String sql = TpchQueries.text(q);
    String duckSql = DuckDbSql.adapt(sql);
    QueryRuns basaltRuns = new QueryRuns();
    QueryRuns duckRuns = new QueryRuns();
    for (int i = 0; i < config.warmups() + config.runs(); i++) {
      boolean timed = i >= config.warmups();
      basaltRuns.add(basalt, sql, timed);
      duckRuns.add(duckdb, duckSql, timed);
    }
    String check = check(q, basaltRuns.first, duckRuns.first);
    int rowCount = basaltRuns.first.answerIfDone().or(() -> duckRuns.first.answerIfDone())
        .map(Answer::rowCount).orElse(-1);
    return new QueryRow(q, basaltRuns.result(), duckRuns.result(), rowCount, check);
  }

  /** {@code equal}, the first difference, or {@code n/a} with why, for the two first outcomes. */
  static String check(int q, Outcome basalt, Outcome duckdb) {
    if (basalt instanceof Outcome.Done b && duckdb instanceof Outcome.Done d) {
      return b.answer().differenceFrom(d.answer(), TpchQueries.isOrdered(q))
          .map(difference -> "DIFFERENT: " + difference)
          .orElse(QueryRow.EQUAL);
    }
    return "n/a" + failureNote("Basalt", basalt) + failureNote("DuckDB", duckdb);
  }

  private static String failureNote(String engine, Outcome outcome) {
    if (outcome instanceof Outcome.Failed f) {
      return " (" + engine + ": " + f.message() + ")";
    }
    if (outcome instanceof Outcome.TimedOut t) {
      return " (" + engine + ": " + t.label() + ")";
    }
    return "";
  }
}
