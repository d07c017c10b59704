package io.basalt.tests.spill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.cli.tpch.TpchParquetGenerator;
import io.basalt.cli.tpch.TpchQueries;
import io.basalt.tests.ResultComparison;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TPC-H SF 10 under memory_limit=1GB (slow profile, {@code mvn -Pslow verify -pl tests -am
 * -Dtest=TpchSf10SpillTest}): Q1, Q9, Q13, Q18 and Q21 in Basalt, each in a JVM of its own
 * started with {@code -Xmx2g -XX:MaxDirectMemorySize=2g}, and in DuckDB with the same
 * memory_limit and threads on the same files, also in a JVM of its own; both under {@code
 * /usr/bin/time -v}. The answers must be equal; the times and peak resident sizes are printed side
 * by side. The data (about 3.5 GB) is generated on first use into {@code
 * ~/.cache/basalt/tpch-sf10}, the folder {@code basalt bench tpch --sf 10} uses.
 */
@Tag("slow")
class TpchSf10SpillTest {
  private static final int[] QUERIES = {1, 9, 13, 18, 21};
  private static final String LIMIT = "1GB";

  private static Path data() throws Exception {
    Path dir = Path.of(System.getProperty("user.home"), ".cache", "basalt", "tpch-sf10");
    if (!Files.exists(dir.resolve("lineitem.parquet"))) {
      Files.createDirectories(dir);
      TpchParquetGenerator.generate(10, dir);
    }
    return dir;
  }

  /** Time (ms) and peak RSS (KiB) of one probe run; its answer is in the answer file. */
  private record Run(long ms, long maxRssKib) {}

  private static Run probe(String engine, Path data, Path spill, Path sqlFile, Path answer,
      List<String> jvmOptions) throws Exception {
    ChildJvm.Result r = ChildJvm.run(jvmOptions, EngineProbe.class, List.of(engine,
        data.toString(), LIMIT, "2", spill.toString(), sqlFile.toString(), answer.toString()));
    Matcher ms = Pattern.compile("MS\\|(\\d+)").matcher(r.output());
    assertTrue(ms.find(), r.output());
    return new Run(Long.parseLong(ms.group(1)), r.maxRssKib());
  }

  @SuppressWarnings("unchecked")
  private static List<List<Object>> answer(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file); ObjectInputStream o = new ObjectInputStream(in)) {
      return (List<List<Object>>) o.readObject();
    }
  }

  @Test
  void fiveQueriesUnderOneGigabyteGiveDuckDbsAnswers(@TempDir Path work) throws Exception {
    Path data = data();
    Path spill = Files.createDirectories(work.resolve("basalt-spill"));
    Path duckSpill = Files.createDirectories(work.resolve("duckdb-spill"));
    StringBuilder table = new StringBuilder(String.format(
        "%-5s %12s %14s %12s %14s%n", "query", "basalt_ms", "basalt_rss_mib", "duckdb_ms",
        "duckdb_rss_mib"));
    for (int q : QUERIES) {
      Path sql = Files.writeString(work.resolve("q" + q + ".sql"), TpchQueries.text(q));
      Path basaltAnswer = work.resolve("basalt" + q);
      Path duckAnswer = work.resolve("duckdb" + q);
      Run duck = probe("duckdb", data, duckSpill, sql, duckAnswer, List.of("-Xmx512m"));
      Run basalt = probe("basalt", data, spill, sql, basaltAnswer,
          List.of("-Xmx2g", "-XX:MaxDirectMemorySize=2g"));
      ResultComparison.assertSameAnswer("TPC-H SF 10 Q" + q + " under " + LIMIT,
          answer(duckAnswer), answer(basaltAnswer), TpchQueries.isOrdered(q));
      table.append(String.format("Q%-4d %12d %14d %12d %14d%n", q, basalt.ms,
          basalt.maxRssKib / 1024, duck.ms, duck.maxRssKib / 1024));
      try (var left = Files.list(spill)) {
        assertEquals(0, left.count(), "Basalt spill files left behind after Q" + q);
      }
    }
    System.out.print("TPC-H SF 10, memory_limit=" + LIMIT + ", threads=2\n" + table);
  }
}
