package io.basalt.bench.tpch;

import io.basalt.bench.ResultTable;
import io.basalt.bench.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The TPC-H benchmark's result: one row per query and the geometric mean of the Basalt/DuckDB
 * ratios over the queries both engines finished, rendered as an aligned text table, Markdown or CSV.
 */
public final class TpchReport {
  private static final List<String> HEADER =
      List.of("query", "basalt_ms", "duckdb_ms", "basalt/duckdb", "rows", "answers");

  private final TpchBenchConfig config;
  private final List<QueryRow> rows;

  public TpchReport(TpchBenchConfig config, List<QueryRow> rows) {
    this.config = config;
    this.rows = List.copyOf(rows);
  }

  public List<QueryRow> rows() {
    return rows;
  }

  /** The geometric mean of the ratios of the queries both engines finished; empty if none did. */
  public OptionalDouble geometricMeanRatio() {
    List<Double> ratios = ratios();
    return ratios.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Stats.geometricMean(ratios));
  }

  private List<Double> ratios() {
    List<Double> ratios = new ArrayList<>();
    for (QueryRow row : rows) {
      row.ratio().ifPresent(ratios::add);
    }
    return ratios;
  }

  private ResultTable table() {
    ResultTable table = new ResultTable(HEADER);
    for (QueryRow row : rows) {
      OptionalDouble ratio = row.ratio();
      table.add(List.of(
          "Q" + row.query(),
          row.basalt().cell(),
          row.duckdb().cell(),
          ratio.isPresent() ? String.format(Locale.ROOT, "%.2f", ratio.getAsDouble()) : "-",
          row.rows() < 0 ? "-" : Integer.toString(row.rows()),
          row.check()));
    }
    return table;
  }

  /** The settings the figures were measured with, one line. */
  public String settings() {
    return String.format(Locale.ROOT,
        "TPC-H SF %s, threads=%d, median of %d run(s) after %d warm-up(s), times in ms, data %s",
        config.scaleLabel(), config.threads(), config.runs(), config.warmups(), config.data());
  }

  /** The summary line: geometric mean and how many queries it covers, answers equal. */
  public String summary() {
    OptionalDouble mean = geometricMeanRatio();
    long equal = rows.stream().filter(QueryRow::answersEqual).count();
    return String.format(Locale.ROOT,
        "geometric mean Basalt/DuckDB: %s over %d of %d queries; answers equal: %d of %d",
        mean.isPresent() ? String.format(Locale.ROOT, "%.2f", mean.getAsDouble()) : "-",
        ratios().size(), rows.size(), equal, rows.size());
  }

  public String text() {
    return settings() + "\n\n" + table().text() + "\n" + summary() + "\n";
  }

  public String markdown() {
    return settings() + "\n\n" + table().markdown() + "\n" + summary() + "\n";
  }

  /** CSV: the header and one line per query, then no summary (it is derived from the rows). */
  public String csv() {
    return table().csv();
  }
}
