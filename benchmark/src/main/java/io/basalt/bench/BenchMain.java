package io.basalt.bench;

import io.basalt.bench.BenchArgs.UsageException;
import io.basalt.bench.range.RangeBenchConfig;
import io.basalt.bench.range.RangeBenchmark;
import io.basalt.bench.range.RangeReport;
import io.basalt.bench.range.SortedLineitem;
import io.basalt.bench.tpch.ScalingBenchmark;
import io.basalt.bench.tpch.ScalingReport;
import io.basalt.bench.tpch.TpchBenchConfig;
import io.basalt.bench.tpch.TpchBenchmark;
import io.basalt.bench.tpch.TpchReport;
import io.basalt.cli.tpch.TpchQueries;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code basalt bench tpch|range|jmh}: Basalt timed against DuckDB in one JVM, and the JMH
 * microbenchmarks. {@link #run} returns the exit status (0 success, 1 error, 2 usage error); only
 * {@link #main} exits.
 */
public final class BenchMain {
  static final int OK = 0;
  static final int ERROR = 1;
  static final int USAGE = 2;
  private static final int DEFAULT_RUNS = 3;
  private static final int DEFAULT_TIMEOUT_SECONDS = 300;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  public BenchMain(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  public static void main(String[] args) throws Exception {
    // As io.basalt.cli.Main does: on Java 24+ Arrow's Netty allocator needs Netty's Unsafe access.
    if (System.getProperty("io.netty.noUnsafe") == null) {
      System.setProperty("io.netty.noUnsafe", "false");
    }
    if (args.length > 0 && args[0].equals("jmh")) {
      // JMH parses its own options, forks its own JVMs and exits by itself.
      org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    int status = new BenchMain(System.out, System.err, System.getenv()).run(args);
    System.out.flush();
    System.err.flush();
    System.exit(status);
  }

  /** Runs one bench command; never exits the JVM. */
  public int run(String... args) {
    if (args.length == 0 || List.of("-h", "--help", "help").contains(args[0])) {
      out.print(usage());
      return args.length == 0 ? USAGE : OK;
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    if (rest.contains("-h") || rest.contains("--help")) {
      out.print(usage());
      return OK;
    }
    try {
      switch (args[0]) {
        case "tpch" -> tpch(BenchArgs.parse("tpch", rest,
            Set.of("sf", "runs", "warmups", "threads", "queries", "data", "timeout-s", "out")));
        case "scaling" -> scaling(BenchArgs.parse("scaling", rest,
            Set.of("sf", "runs", "warmups", "threads", "queries", "data", "timeout-s", "out")));
        case "range" -> range(BenchArgs.parse("range", rest,
            Set.of("sf", "runs", "threads", "data", "timeout-s", "out")));
        case "jmh" -> {
          err.println("Error: run JMH through bin/basalt bench jmh (it needs its own JVM)");
          return ERROR;
        }
        default -> throw new UsageException("unknown bench command '" + args[0] + "'");
      }
      return OK;
    } catch (UsageException e) {
      err.println("Error: " + e.getMessage());
      err.println("Run 'basalt bench --help' for usage.");
      return USAGE;
    } catch (Exception | LinkageError | OutOfMemoryError e) {
      err.println("Error: " + TimedRunner.describe(e));
      if (env.get("BASALT_DEBUG") != null) {
        e.printStackTrace(err);
      }
      return ERROR;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private void tpch(BenchArgs args) throws Exception {
    TpchBenchConfig config = tpchConfig(args, threads(args));
    Path outFile = outFile(args);
    TpchData.ensure(config.data(), args.scaleFactor(), err);
    TpchReport report = new TpchBenchmark(config, err).run();
    report(report.text(), outFile, report::csv, report::markdown);
  }

  private void scaling(BenchArgs args) throws Exception {
    int threads = args.positiveInt("threads",
        Math.max(2, Runtime.getRuntime().availableProcessors()));
    if (threads < 2) {
      throw new UsageException("scaling compares 1 thread with more: --threads must be 2 or more");
    }
    TpchBenchConfig config = tpchConfig(args, threads);
    Path outFile = outFile(args);
    TpchData.ensure(config.data(), args.scaleFactor(), err);
    ScalingReport report = new ScalingBenchmark(config, err).run();
    report(report.text(), outFile, report::csv, report::markdown);
  }

  /** The TPC-H options shared by {@code tpch} and {@code scaling}. */
  private TpchBenchConfig tpchConfig(BenchArgs args, int threads) throws UsageException {
    double sf = args.scaleFactor();
    return new TpchBenchConfig(dataFolder(args, sf), TpchData.scaleLabel(sf),
        args.nonNegativeInt("warmups", 1), args.positiveInt("runs", DEFAULT_RUNS), threads,
        args.queries("queries", TpchQueries.COUNT), timeout(args));
  }

  /** Prints {@code text}; writes CSV (a .csv name) or Markdown to {@code outFile} when given. */
  private void report(String text, Path outFile, java.util.function.Supplier<String> csv,
      java.util.function.Supplier<String> markdown) throws IOException {
    out.println();
    out.print(text);
    if (outFile != null) {
      boolean isCsv = outFile.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
      write(outFile, isCsv ? csv.get() : markdown.get());
    }
  }

  private void range(BenchArgs args) throws Exception {
    double sf = args.scaleFactor();
    Path data = dataFolder(args, sf);
    Path folder = TpchData.home(env).resolve("range-sf" + TpchData.scaleLabel(sf)).toAbsolutePath();
    int threads = threads(args);
    RangeBenchConfig config = new RangeBenchConfig(folder, TpchData.scaleLabel(sf),
        args.positiveInt("runs", DEFAULT_RUNS), threads, timeout(args));
    Path outFile = outFile(args);
    // The sorted copy exists once built; the TPC-H data is needed only to build it.
    if (!Files.isRegularFile(SortedLineitem.file(folder))) {
      TpchData.ensure(data, sf, err);
    }
    SortedLineitem.ensure(folder, data.resolve("lineitem.parquet"),
        SortedLineitem.DEFAULT_ROW_GROUP_ROWS, threads, err);
    RangeReport report = new RangeBenchmark(config, err).run();
    out.println();
    out.print(report.text());
    if (outFile != null) {
      write(outFile, report.text());
    }
  }

  private Path dataFolder(BenchArgs args, double sf) throws UsageException {
    String data = args.string("data", null);
    if (data != null) {
      return path("data", data).toAbsolutePath();
    }
    return TpchData.defaultFolder(TpchData.home(env), sf);
  }

  private static Path outFile(BenchArgs args) throws UsageException {
    String out = args.string("out", null);
    return out == null ? null : path("out", out).toAbsolutePath();
  }

  private static Path path(String option, String value) throws UsageException {
    try {
      return Path.of(value);
    } catch (java.nio.file.InvalidPathException e) {
      throw new UsageException("invalid path for --" + option + ": " + value);
    }
  }

  private static int threads(BenchArgs args) throws UsageException {
    return args.positiveInt("threads", Runtime.getRuntime().availableProcessors());
  }

  private static Duration timeout(BenchArgs args) throws UsageException {
    return Duration.ofSeconds(args.positiveInt("timeout-s", DEFAULT_TIMEOUT_SECONDS));
  }

  private void write(Path file, String text) throws IOException {
    Path parent = file.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
    err.println("Wrote " + file);
  }

  static String usage() {
    return """
        Usage: basalt bench COMMAND [OPTIONS]

        Basalt timed against DuckDB (duckdb_jdbc) in one JVM, on the same Parquet files.

        Commands:
          tpch --sf SCALE [--runs R] [--threads T] [--queries 1,6,...] [--data DIR]
               [--timeout-s S] [--out FILE] [--warmups W]
              the 22 TPC-H queries (or those listed) in both engines, alternating, after W
              untimed warm-ups (default 1); prints median ms, the Basalt/DuckDB ratio, rows and whether the answers are
              equal, then the geometric mean of the ratios. --out writes the table as CSV (a
              .csv name) or Markdown (any other name).
          scaling --sf SCALE [--runs R] [--threads T] [--queries 1,6,...] [--data DIR]
               [--timeout-s S] [--out FILE] [--warmups W]
              thread scaling: each query in both engines at 1 thread and at T (default: all
              cores, at least 2), the four interleaved so all see the same machine load; prints
              the medians and each engine's speed-up (1-thread time / T-thread time).
          range --sf SCALE [--runs R] [--threads T] [--data DIR] [--timeout-s S] [--out FILE]
              the pushdown benchmark: lineitem sorted by l_shipdate with 100 000-row row groups
              (built once into $BASALT_HOME/range-sfSCALE), a one-week aggregation vs the whole
              table, prepared once and executed R times, plus Basalt's EXPLAIN ANALYZE.
          jmh [JMH OPTIONS]
              the JMH microbenchmarks (Parquet decoding); e.g. 'jmh -f 1 -wi 3 -i 5', 'jmh -l'
              lists them, 'jmh -h' prints JMH's options.

        Options:
          --sf SCALE      TPC-H scale factor, e.g. 0.1 or 1
          --runs R        timed runs per query and engine (default 3)
          --threads T     worker threads of both engines (default: all cores)
          --data DIR      TPC-H Parquet folder, generated when tables are missing
                          (default $BASALT_HOME/tpch-sfSCALE)
          --timeout-s S   time limit of one execution; a query past it is cancelled and
                          reported as a timeout (default 300)
          --out FILE      also write the result to FILE

        Environment: BASALT_HOME (default ~/.cache/basalt) holds the generated data.
        Exit status: 0 success, 1 error, 2 usage error.
        """;
  }
}
