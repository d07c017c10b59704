package io.basalt.tests.spill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.tests.ResultComparison;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The external sort, the grace hash join and the streamed window at scale (slow profile: {@code
 * mvn -Pslow verify -pl tests -am -Dtest=LargeSortJoinSpillTest}), each in a JVM of its own under
 * {@code /usr/bin/time -v}, against DuckDB on the same file:
 *
 * <ul>
 *   <li>ORDER BY of 50 M rows (a string key with ties, then a unique id) under memory_limit=256MB:
 *       the row count and an order-sensitive hash of every value equal DuckDB's;
 *   <li>a self-join on the unique id whose build side (50 M rows of id, string, double: about
 *       1.6 GB of Arrow data, 3.5 GB with its keys and hash table, so 6 to 13 times the 256MB
 *       limit) must spill: the aggregated answer equals DuckDB's;
 *   <li>windows over one partition of all 50 M rows (no PARTITION BY; about 2 GB of Arrow data,
 *       16 times the limit, and over 9 GB with an in-memory evaluation's arrays): ROW_NUMBER, a
 *       running SUM, a sliding SUM, LAG and a running MAX, sorted on disk and streamed under
 *       memory_limit=128MB; the aggregated answer equals DuckDB's (which runs out of memory at
 *       128MB: its answer is then taken at 1GB).
 * </ul>
 *
 * Each is also run without a limit, and the times and peak resident sizes are printed. The data
 * (50 M rows, about 900 MB of Parquet) is generated with DuckDB on first use into {@code
 * ~/.cache/basalt/spill-sort}.
 */
@Tag("slow")
class LargeSortJoinSpillTest {
  private static Path data() throws Exception {
    Path dir = Path.of(System.getProperty("user.home"), ".cache", "basalt", "spill-sort");
    Path file = dir.resolve("big.parquet");
    if (!Files.exists(file)) {
      Files.createDirectories(dir);
      Path tmp = dir.resolve("big.parquet.tmp");
      try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
          Statement s = duck.createStatement()) {
        s.execute("COPY (SELECT i AS id, 'key-' || CAST(hash(i) % 20000000 AS VARCHAR) AS s,"
            + " i * 0.5 AS v FROM range(0, 50000000) t(i)) TO '" + tmp + "' (FORMAT parquet)");
      }
      Files.move(tmp, file);
    }
    return dir;
  }

  private record Run(long ms, long maxRssKib, Object answer) {}

  private static Run probe(String engine, Path data, String limit, Path work, String sql,
      String answerName, List<String> jvmOptions) throws Exception {
    Run r = attempt(engine, data, limit, work, sql, answerName, jvmOptions);
    assertTrue(r != null, engine + " ran out of memory at " + limit);
    return r;
  }

  /** As {@link #probe}, but null when the engine runs out of memory (it is reported, not failed). */
  private static Run attempt(String engine, Path data, String limit, Path work, String sql,
      String answerName, List<String> jvmOptions) throws Exception {
    Path sqlFile = Files.writeString(work.resolve(answerName + ".sql"), sql);
    Path answer = work.resolve(answerName);
    Path spill = Files.createDirectories(work.resolve(engine + "-spill"));
    ChildJvm.Result r = ChildJvm.attempt(jvmOptions, EngineProbe.class, List.of(engine,
        data.toString(), limit, "2", spill.toString(), sqlFile.toString(), answer.toString()));
    if (r.exitStatus() != 0) {
      assertTrue(r.output().contains("Out of Memory") || r.output().contains("memory_limit"),
          engine + " failed:\n" + r.output());
      System.out.printf("%s at memory_limit=%s: out of memory after the peak RSS of %d MiB%n",
          engine, limit, r.maxRssKib() / 1024);
      return null;
    }
    Matcher ms = Pattern.compile("MS\\|(\\d+)").matcher(r.output());
    assertTrue(ms.find(), r.output());
    try (var left = Files.list(spill)) {
      if (engine.equals("basalt")) {
        assertEquals(0, left.count(), "spill files left behind");
      }
    }
    Object value;
    try (InputStream in = Files.newInputStream(answer);
        ObjectInputStream o = new ObjectInputStream(in)) {
      value = o.readObject();
    }
    return new Run(Long.parseLong(ms.group(1)), r.maxRssKib(), value);
  }

  private static final List<String> BASALT_JVM = List.of("-Xmx1g", "-XX:MaxDirectMemorySize=1g");
  private static final List<String> UNLIMITED_JVM = List.of("-Xmx8g");

  /** Prints the figures; {@code duck} is null when DuckDB ran out of memory at the limit. */
  private static void report(String what, String limit, Run limited, Run unlimited, Run duck) {
    System.out.printf("%s: memory_limit=%s %d ms, peak RSS %d MiB; unlimited %d ms, peak RSS"
        + " %d MiB; DuckDB at %s %s%n", what, limit, limited.ms, limited.maxRssKib / 1024,
        unlimited.ms, unlimited.maxRssKib / 1024, limit, duck == null ? "out of memory"
            : duck.ms + " ms, peak RSS " + duck.maxRssKib / 1024 + " MiB");
  }

  @Test
  void orderByOfFiftyMillionRowsUnder256Mb(@TempDir Path work) throws Exception {
    Path data = data();
    String sql = "SELECT id, s, v FROM big ORDER BY s, id";
    Run duck = probe("duckdb", data, "256MB", work, sql, "duck.sum", List.of("-Xmx1g"));
    Run limited = probe("basalt", data, "256MB", work, sql, "limited.sum", BASALT_JVM);
    assertEquals(duck.answer, limited.answer, "rows and order hash under 256MB");
    assertEquals(50_000_000L, ((List<?>) limited.answer).get(0));
    Run unlimited = probe("basalt", data, "6GB", work, sql, "unlimited.sum", UNLIMITED_JVM);
    assertEquals(duck.answer, unlimited.answer, "rows and order hash without a limit");
    report("ORDER BY 50 M rows", "256MB", limited, unlimited, duck);
  }

  @Test
  @SuppressWarnings("unchecked")
  void joinWithABuildSideTenTimesTheLimit(@TempDir Path work) throws Exception {
    Path data = data();
    String sql = "SELECT count(*), sum(a.v), sum(b.v), max(b.s), sum(char_length(b.s))"
        + " FROM big a JOIN big b ON a.id = b.id";
    Run duck = probe("duckdb", data, "256MB", work, sql, "duck", List.of("-Xmx1g"));
    Run limited = probe("basalt", data, "256MB", work, sql, "limited", BASALT_JVM);
    ResultComparison.assertSameAnswer("self-join under 256MB",
        (List<List<Object>>) duck.answer, (List<List<Object>>) limited.answer, false);
    Run unlimited = probe("basalt", data, "6GB", work, sql, "unlimited", UNLIMITED_JVM);
    ResultComparison.assertSameAnswer("self-join without a limit",
        (List<List<Object>>) duck.answer, (List<List<Object>>) unlimited.answer, false);
    report("join, build side 50 M rows", "256MB", limited, unlimited, duck);
  }

  @Test
  @SuppressWarnings("unchecked")
  void windowOverOnePartitionTenTimesTheLimit(@TempDir Path work) throws Exception {
    Path data = data();
    String sql = "SELECT count(*), sum(rn - id), sum(running_v), sum(win), count(ls),"
        + " sum(char_length(ls)), max(mx), min(mx) FROM (SELECT id,"
        + " row_number() OVER (ORDER BY id) rn,"
        + " sum(v) OVER (ORDER BY id) running_v,"
        + " sum(id) OVER (ORDER BY id ROWS BETWEEN 100 PRECEDING AND 100 FOLLOWING) win,"
        + " lag(s, 3) OVER (ORDER BY id) ls,"
        + " max(s) OVER (ORDER BY id) mx FROM big) x";
    // DuckDB 2.0 runs out of memory on this query at 128MB: its answer is taken at 1GB then.
    Run duckLimited = attempt("duckdb", data, "128MB", work, sql, "duck", List.of("-Xmx1g"));
    Run duck = duckLimited != null ? duckLimited
        : probe("duckdb", data, "1GB", work, sql, "duck1g", List.of("-Xmx1g"));
    Run limited = probe("basalt", data, "128MB", work, sql, "limited", BASALT_JVM);
    ResultComparison.assertSameAnswer("window over one 50 M-row partition under 128MB",
        (List<List<Object>>) duck.answer, (List<List<Object>>) limited.answer, false);
    Run unlimited = probe("basalt", data, "12GB", work, sql, "unlimited",
        List.of("-Xmx14g", "-XX:MaxDirectMemorySize=14g"));
    ResultComparison.assertSameAnswer("window at memory_limit=12GB",
        (List<List<Object>>) duck.answer, (List<List<Object>>) unlimited.answer, false);
    if (duckLimited == null) {
      System.out.printf("DuckDB at 1GB: %d ms, peak RSS %d MiB%n", duck.ms,
          duck.maxRssKib / 1024);
    }
    report("window over one partition of 50 M rows", "128MB", limited, unlimited, duckLimited);
  }
}
