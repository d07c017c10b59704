package io.basalt.tests.spill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.tests.ResultComparison;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The out-of-core acceptance runs (slow profile: {@code mvn -Pslow verify}):
 *
 * <ul>
 *   <li>GROUP BY over 10 M distinct string keys (20 M rows, a string column and numeric columns)
 *       with memory_limit=256MB, in a JVM capped at {@code -Xmx512m
 *       -XX:MaxDirectMemorySize=512m}: the answer equals DuckDB's, EXPLAIN ANALYZE shows the
 *       spill, and the process peaks below 1 GiB resident (measured with {@code /usr/bin/time
 *       -v}); the same query without a limit is timed for comparison;
 *   <li>memory_limit 32MB, 128MB, 512MB and unlimited, at 1 and 2 threads: identical answers.
 * </ul>
 *
 * <p>The data is generated with DuckDB on first use and kept under {@code
 * ~/.cache/basalt/spill-agg} (360 MB).
 */
@Tag("slow")
class LargeAggregationSpillTest {
  private static final String INNER = "SELECT s, count(*) c, sum(v) sv, min(k) mn, max(d) mx,"
      + " avg(g) ag FROM agg GROUP BY s";
  /** A fingerprint of the 10 M groups that any lost, doubled or wrong group changes. */
  private static final String QUERY = "SELECT count(*), sum(c), sum(sv), sum(mn), max(mx),"
      + " sum(char_length(s)), sum(c * mn % 1000003), sum(ag) FROM (" + INNER + ") x";

  private static Path data() throws Exception {
    Path dir = Path.of(System.getProperty("user.home"), ".cache", "basalt", "spill-agg");
    Path file = dir.resolve("agg.parquet");
    if (!Files.exists(file)) {
      Files.createDirectories(dir);
      Path tmp = dir.resolve("agg.parquet.tmp");
      try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
          Statement s = duck.createStatement()) {
        s.execute("COPY (SELECT CAST(hash(i % 10000000) % 1000000000000 AS BIGINT) AS k,"
            + " 'key-' || CAST(i % 10000000 AS VARCHAR) AS s, i * 0.25 AS v,"
            + " CAST(i % 1000 AS DECIMAL(10,2)) AS d, CAST(i % 97 AS INTEGER) AS g"
            + " FROM range(0, 20000000) t(i)) TO '" + tmp + "' (FORMAT parquet)");
      }
      Files.move(tmp, file);
    }
    return dir;
  }

  private static List<List<Object>> duckdb(Path dir, String sql) throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("SET threads = 2");
      s.execute("CREATE VIEW agg AS SELECT * FROM read_parquet('" + dir.resolve("agg.parquet")
          + "')");
      return ResultComparison.query(duck, sql.replace("char_length(", "length("));
    }
  }

  /** Output lines and peak RSS (KiB) of SpillProbe in a JVM started with {@code jvmOptions}. */
  private record ProbeRun(List<String> lines, long maxRssKib) {}

  private static ProbeRun probe(List<String> jvmOptions, String url, String... sql)
      throws Exception {
    List<String> args = new ArrayList<>(List.of(url));
    args.addAll(List.of(sql));
    ChildJvm.Result r = ChildJvm.run(jvmOptions, SpillProbe.class, args);
    return new ProbeRun(r.lines(), r.maxRssKib());
  }

  /** The rows of the first statement. */
  private static List<List<Object>> rows(ProbeRun run) {
    List<List<Object>> rows = new ArrayList<>();
    for (String line : run.lines) {
      if (line.startsWith("MS|")) {
        break;
      }
      if (line.startsWith("ROW|")) {
        List<Object> row = new ArrayList<>();
        for (String v : line.substring(4).split("\\|", -1)) {
          row.add(v.equals("null") ? null : new BigDecimal(v));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static List<Long> millis(ProbeRun run) {
    return run.lines.stream().filter(l -> l.startsWith("MS|"))
        .map(l -> Long.parseLong(l.substring(3))).toList();
  }

  @Test
  void tenMillionGroupsUnder256MbStayBelowOneGibResident(@TempDir Path spill) throws Exception {
    Path dir = data();
    List<List<Object>> expected = duckdb(dir, QUERY);
    ProbeRun limited = probe(List.of("-Xmx512m", "-XX:MaxDirectMemorySize=512m"),
        dir + ";threads=2;memory_limit=256MB;spill_dir=" + spill, QUERY,
        "EXPLAIN ANALYZE " + INNER);
    ResultComparison.assertSameAnswer("10 M groups under 256MB", expected, rows(limited), false);
    String plan = String.join("\n", limited.lines);
    Matcher spilled = Pattern.compile("spill rows=(\\d+)").matcher(plan);
    assertTrue(spilled.find() && Long.parseLong(spilled.group(1)) > 0, plan);
    assertTrue(limited.maxRssKib < 1024 * 1024, "peak RSS " + limited.maxRssKib + " KiB");

    ProbeRun unlimited = probe(List.of("-Xmx6g"), dir + ";threads=2;memory_limit=5GB", QUERY);
    ResultComparison.assertSameAnswer("10 M groups without a limit", expected, rows(unlimited),
        false);
    System.out.printf("10 M groups: memory_limit=256MB %d ms, peak RSS %d MiB; unlimited %d ms,"
        + " peak RSS %d MiB%n", millis(limited).get(0), limited.maxRssKib / 1024,
        millis(unlimited).get(0), unlimited.maxRssKib / 1024);
    try (var files = Files.list(spill)) {
      assertEquals(0, files.count(), "spill files left behind");
    }
  }

  @Test
  void identicalAnswersUnderEveryLimitAndThreadCount(@TempDir Path spill) throws Exception {
    Path dir = data();
    // A quarter of the groups keeps the loop's eight runs short; the inner query still has
    // 2.5 M groups, so every limit below 512MB spills.
    String sql = QUERY.replace("FROM agg GROUP BY s", "FROM agg WHERE g < 25 GROUP BY s");
    List<List<Object>> expected = duckdb(dir, sql);
    for (String limit : List.of("32MB", "128MB", "512MB", "90%")) {
      for (int threads : new int[] {1, 2}) {
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:basalt:" + dir + ";threads="
            + threads + ";memory_limit=" + limit + ";spill_dir=" + spill)) {
          ResultComparison.assertSameAnswer("memory_limit=" + limit + ", threads=" + threads,
              expected, ResultComparison.query(c, sql), false);
        }
        System.out.printf("memory_limit=%s threads=%d: %d ms%n", limit, threads,
            (System.nanoTime() - start) / 1_000_000);
      }
    }
  }

}
