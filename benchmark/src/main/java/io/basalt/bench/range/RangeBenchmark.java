package io.basalt.bench.range;

import io.basalt.bench.Answer;
import io.basalt.bench.EngineResult;
import io.basalt.bench.EngineSession;
import io.basalt.bench.Outcome;
import io.basalt.bench.TimedRunner;
import io.basalt.engine.format.parquet.ParquetFileMetadata;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Issue 3's pushdown benchmark: the same aggregation over one week of ship dates and over the
 * whole sorted lineitem table, in Basalt and in DuckDB on the same file. Each query is prepared
 * once per engine (after one untimed primer query); its first execution (prepare included) is
 * reported apart, then the prepared statement is executed {@code runs} times, alternating Basalt
 * and DuckDB, so that the per-run figure holds no planning. Finally Basalt's {@code EXPLAIN ANALYZE} of the one-week query is
 * captured (or the error saying why it cannot run).
 */
public final class RangeBenchmark {
  private static final String PRIMER = "SELECT count(*) FROM " + SortedLineitem.TABLE;

  private final RangeBenchConfig config;
  private final PrintStream progress;

  public RangeBenchmark(RangeBenchConfig config, PrintStream progress) {
    this.config = config;
    this.progress = progress;
  }

  public RangeReport run() throws SQLException, IOException {
    Path file = SortedLineitem.file(config.folder()).toAbsolutePath();
    ParquetFileMetadata footer = ParquetFileMetadata.read(file);
    Map<RangeQuery, RangeResult> results = new EnumMap<>(RangeQuery.class);
    String explain;
    try (EngineSession basalt = EngineSession.basalt(config.folder(), config.threads(), config.timeout());
        EngineSession duckdb = EngineSession.duckDb(
            Map.of(SortedLineitem.TABLE, file), config.threads(), config.timeout())) {
      Map<RangeQuery, Timed> basaltRuns = new EnumMap<>(RangeQuery.class);
      Map<RangeQuery, Timed> duckRuns = new EnumMap<>(RangeQuery.class);
      // One untimed query per engine first, so that class loading and the first JIT work of the
      // JVM (and of each engine) fall on neither query's first-execution figure.
      basalt.execute(PRIMER);
      duckdb.execute(PRIMER);
      try {
        for (RangeQuery q : RangeQuery.values()) {
          basaltRuns.put(q, Timed.first(basalt, q));
          duckRuns.put(q, Timed.first(duckdb, q));
        }
        for (int r = 0; r < config.runs(); r++) {
          for (RangeQuery q : RangeQuery.values()) {
            basaltRuns.get(q).again(basalt);
            duckRuns.get(q).again(duckdb);
          }
        }
      } finally {
        basaltRuns.values().forEach(Timed::close);
        duckRuns.values().forEach(Timed::close);
      }
      for (RangeQuery q : RangeQuery.values()) {
        RangeResult result = result(q, basaltRuns.get(q), duckRuns.get(q));
        progress.printf(Locale.ROOT, "%s: Basalt %s, DuckDB %s, %s%n", q.label(),
            result.basalt().cellWithUnit(), result.duckdb().cellWithUnit(), result.check());
        results.put(q, result);
      }
      explain = explainAnalyze(basalt, RangeQuery.ONE_WEEK);
    }
    return new RangeReport(config, footer.rowCount(), footer.rowGroupCount(), results, explain);
  }

  private static RangeResult result(RangeQuery q, Timed basalt, Timed duckdb) {
    String check;
    if (basalt.first instanceof Outcome.Done b && duckdb.first instanceof Outcome.Done d) {
      check = b.answer().differenceFrom(d.answer(), false)
          .map(difference -> "DIFFERENT: " + difference).orElse(RangeResult.EQUAL);
    } else {
      check = "n/a";
    }
    long count = basalt.first.answerIfDone().or(() -> duckdb.first.answerIfDone())
        .map(RangeBenchmark::count).orElse(-1L);
    return new RangeResult(q, basalt.first, basalt.result(), duckdb.first, duckdb.result(), count,
        check);
  }

  /** The {@code count(*)} of a one-row aggregation answer. */
  private static long count(Answer answer) {
    Object value = answer.rows().isEmpty() ? null : answer.rows().get(0).get(0);
    return value instanceof BigDecimal d ? d.longValueExact() : -1;
  }

  /** Basalt's EXPLAIN ANALYZE of {@code q}, or why it could not run (it may not exist yet). */
  private static String explainAnalyze(EngineSession basalt, RangeQuery q) {
    Outcome outcome = basalt.execute("EXPLAIN ANALYZE " + q.sql());
    if (outcome instanceof Outcome.Done done) {
      return done.answer().rows().stream()
          .map(row -> row.stream().map(String::valueOf).collect(Collectors.joining(" | ")))
          .collect(Collectors.joining("\n"));
    }
    if (outcome instanceof Outcome.Failed failed) {
      return "EXPLAIN ANALYZE failed: " + failed.message();
    }
    return "EXPLAIN ANALYZE did not finish: " + outcome.label();
  }

  /** One engine's executions of one query: the first (with prepare) and the timed re-runs. */
  private static final class Timed implements AutoCloseable {
    private final PreparedStatement statement;
    private final Outcome first;
    private final List<Double> millis = new ArrayList<>();
    private Outcome failure;

    private Timed(PreparedStatement statement, Outcome first) {
      this.statement = statement;
      this.first = first;
      this.failure = first instanceof Outcome.Done ? null : first;
    }

    static Timed first(EngineSession session, RangeQuery q) {
      EngineSession.Prepared prepared;
      try {
        prepared = session.prepare(q.sql());
      } catch (SQLException | RuntimeException e) {
        return new Timed(null, new Outcome.Failed("prepare: " + TimedRunner.describe(e)));
      }
      Outcome outcome = session.execute(prepared.statement());
      if (outcome instanceof Outcome.Done done) {
        outcome = new Outcome.Done(prepared.prepareMillis() + done.millis(), done.answer());
      }
      return new Timed(prepared.statement(), outcome);
    }

    void again(EngineSession session) {
      if (failure != null) {
        return;
      }
      Outcome outcome = session.execute(statement);
      if (outcome instanceof Outcome.Done done) {
        millis.add(done.millis());
      } else {
        failure = outcome;
      }
    }

    EngineResult result() {
      return new EngineResult(millis, failure);
    }

    @Override
    public void close() {
      if (statement != null) {
        try {
          statement.close();
        } catch (SQLException | RuntimeException e) {
          // Closing a statement of a connection about to close; nothing to do.
        }
      }
    }
  }
}
