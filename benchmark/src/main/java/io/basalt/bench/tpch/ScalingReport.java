package io.basalt.bench.tpch;

import io.basalt.bench.ResultTable;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** The thread-scaling result: per query, both engines' medians at 1 and N threads and speed-ups. */
public final class ScalingReport {
  private final TpchBenchConfig config;
  private final List<ScalingRow> rows;

  public ScalingReport(TpchBenchConfig config, List<ScalingRow> rows) {
    this.config = config;
    this.rows = List.copyOf(rows);
  }

  public List<ScalingRow> rows() {
    return rows;
  }

  private ResultTable table() {
    int n = config.threads();
    ResultTable table = new ResultTable(List.of("query", "basalt_1t_ms", "basalt_" + n + "t_ms",
        "basalt_speedup", "duckdb_1t_ms", "duckdb_" + n + "t_ms", "duckdb_speedup", "answers"));
    for (ScalingRow row : rows) {
      table.add(List.of("Q" + row.query(), row.basalt1().cell(), row.basaltN().cell(),
          format(row.basaltSpeedup()), row.duckdb1().cell(), row.duckdbN().cell(),
          format(row.duckdbSpeedup()), row.check()));
    }
    return table;
  }

  private static String format(OptionalDouble value) {
    return value.isPresent() ? String.format(Locale.ROOT, "%.2f", value.getAsDouble()) : "-";
  }

  /** The settings the figures were measured with, one line. */
  public String settings() {
    return String.format(Locale.ROOT,
        "TPC-H SF %s, threads 1 vs %d interleaved, median of %d run(s) after at least %d "
            + "warm-up round(s) and until the JIT was quiet, times in ms, data %s",
        config.scaleLabel(), config.threads(), config.runs(), config.warmups(), config.data());
  }

  public String text() {
    return settings() + "\n\n" + table().text();
  }

  public String markdown() {
    return settings() + "\n\n" + table().markdown();
  }

  public String csv() {
    return table().csv();
  }
}
