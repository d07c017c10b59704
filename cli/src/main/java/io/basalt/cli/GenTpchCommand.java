package io.basalt.cli;

import io.basalt.cli.tpch.GeneratedTable;
import io.basalt.cli.tpch.TpchParquetGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code basalt gen-tpch --sf N --out DIR}: the eight TPC-H tables as Parquet files. */
final class GenTpchCommand {
  private GenTpchCommand() {}

  static int run(CliArgs args, CliContext ctx) throws UsageException, IOException {
    double sf = args.positiveDoubleOption("sf");
    Path out = args.pathOption("out")
        .orElseThrow(() -> new UsageException("gen-tpch: missing required option --out"))
        .toAbsolutePath().normalize();
    ctx.err().println("Generating TPC-H SF " + args.requiredOption("sf") + " into " + out + "…");
    long start = System.nanoTime();
    List<GeneratedTable> tables = TpchParquetGenerator.generate(sf, out);
    double seconds = (System.nanoTime() - start) / 1e9;
    TableFormatter report = new TableFormatter()
        .column("table", false).column("rows", true).column("bytes", true).column("file", false);
    long rows = 0;
    long bytes = 0;
    for (GeneratedTable t : tables) {
      long size = Files.size(t.file());
      rows += t.rows();
      bytes += size;
      report.row(List.of(t.name(), Long.toString(t.rows()), Long.toString(size),
          t.file().toString()));
    }
    ctx.out().print(report.render());
    ctx.out().println(String.format(Locale.ROOT, "Wrote %d tables, %d rows, %d bytes (%.1f MB) in %.1f s",
        tables.size(), rows, bytes, bytes / 1048576.0, seconds));
    return 0;
  }
}
