package io.basalt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.cli.tpch.TpchParquetGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the command line in-process against TPC-H SF 0.001 and checks what it prints. */
class MainTest {
  @TempDir static Path data;
  @TempDir Path home;

  @BeforeAll
  static void generate() throws Exception {
    TpchParquetGenerator.generate(0.001, data);
  }

  private record Result(int status, String out, String err) {}

  private Result run(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = new Main(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e,
          Map.of("BASALT_HOME", home.resolve("cache").toString()), home).run(args);
    }
    return new Result(status, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void queryPrintsAnAlignedTable() {
    Result r = run("", "query", "--data", data.toString(), "--threads", "2",
        "--memory-limit", "256MB",
        "SELECT r_regionkey, r_name FROM region WHERE r_regionkey < 3 ORDER BY r_regionkey;");
    assertEquals(0, r.status(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(List.of(
        " r_regionkey | r_name",
        "-------------+---------",
        "           0 | AFRICA",
        "           1 | AMERICA",
        "           2 | ASIA"), lines.subList(0, 5));
    assertEquals(6, lines.size(), r.out());
    assertTrue(lines.get(5).matches("\\(3 rows, \\d+\\.\\d{3} s\\)"), lines.get(5));
    assertEquals("", r.err());
  }

  @Test
  void queryShowsNullsAndAggregates() {
    Result r = run("", "query", "--data", data.toString(),
        "SELECT count(*) AS n, CAST(NULL AS VARCHAR) AS nothing FROM lineitem");
    assertEquals(0, r.status(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals("    n | nothing", lines.get(0));
    assertEquals(" 6005 | NULL", lines.get(2));
    assertTrue(lines.get(3).startsWith("(1 row, "), lines.get(3));
  }

  @Test
  void queryReadsSqlFromStandardInput() {
    Result r = run("SELECT count(*) AS nations\nFROM nation;\n", "query", "--data",
        data.toString(), "-");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("      25\n"), r.out());
  }

  @Test
  void sqlErrorIsReportedWithItsCauseAndStatus1() {
    Result r = run("", "query", "--data", data.toString(), "SELECT no_such_column FROM nation");
    assertEquals(1, r.status());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("Error: "), r.err());
    assertTrue(r.err().contains("no_such_column"), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void missingDataFolderIsAnError() {
    Result r = run("", "query", "--data", home.resolve("nope").toString(), "SELECT 1");
    assertEquals(1, r.status());
    assertTrue(r.err().contains("does not exist"), r.err());
  }

  @Test
  void badConnectionPropertyIsAnError() {
    Result r = run("", "query", "--data", data.toString(), "--memory-limit", "lots", "SELECT 1");
    assertEquals(1, r.status());
    assertTrue(r.err().contains("memory_limit"), r.err());
  }

  @Test
  void usageErrorsExitWith2() {
    Result r = run("", "query");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("Usage: basalt"), r.err());
    assertEquals(2, run("", "nonsense").status());
    assertEquals(2, run("").status());
    assertEquals(2, run("", "query", "--threads", "-1", "--data", data.toString(), "x").status());
    assertEquals(2, run("", "query", "--data", data.toString(), "  ;  ").status());
  }

  @Test
  void helpGoesToStdoutWithStatus0() {
    Result r = run("", "--help");
    assertEquals(0, r.status());
    assertTrue(r.out().startsWith("Usage: basalt"), r.out());
    assertEquals(0, run("", "query", "--help").status());
  }

  @Test
  void genTpchReportsWhatItWrote() throws Exception {
    Path out = home.resolve("tpch");
    Result r = run("", "gen-tpch", "--sf", "0.001", "--out", out.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(Files.isRegularFile(out.resolve("lineitem.parquet")));
    assertTrue(r.out().contains(" lineitem | 6005 |"), r.out());
    assertTrue(r.out().contains("Wrote 8 tables, 8695 rows, "), r.out());
  }

  @Test
  void demoDatasetIsUsedWhenAlreadyPresent() throws Exception {
    // A complete demo folder is never regenerated: put a tiny one in its place.
    Path demo = Files.createDirectories(home.resolve("cache").resolve(DemoDataset.FOLDER));
    Files.copy(data.resolve("region.parquet"), demo.resolve("region.parquet"));
    Result r = run("", "query", "SELECT count(*) AS regions FROM region");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("       5\n"), r.out());
    assertFalse(r.err().contains("Generating"), r.err());
  }

  @Test
  void demoHomeDefaultsToTheUserCache() {
    assertEquals(Path.of("/h/.cache/basalt"), DemoDataset.home(Map.of(), Path.of("/h")));
    assertEquals(Path.of("/b"), DemoDataset.home(Map.of("BASALT_HOME", "/b"), Path.of("/h")));
  }

  @Test
  void shellArgumentsUseBasaltsDriverAndHistory() throws Exception {
    List<String> a = ShellCommand.sqllineArguments(
        CliArgs.parse("shell", "--data", data.toString(), "--threads", "2"),
        new CliContext(System.in, System.out, System.err, Map.of(), home, false));
    assertEquals(List.of("-u", "jdbc:basalt:" + data + ";threads=2", "-d",
        "io.basalt.jdbc.BasaltDriver", "--isolation=TRANSACTION_NONE", "-n", "", "-p", "",
        "--historyfile=" + home.resolve(".basalt/history"), "--maxWidth=1000"), a);
    assertTrue(Files.isDirectory(home.resolve(".basalt")));
  }

  /** In a separate JVM: sqlline's terminal writes to the process's own standard output. */
  @Test
  void shellRunsStatementsFromItsInput() throws Exception {
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(java.toString(),
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Duser.home=" + home,
        "-cp", classPath, Main.class.getName(), "shell", "--data", data.toString())
        .redirectErrorStream(true);
    pb.environment().put("BASALT_HOME", home.resolve("cache").toString());
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      in.write("SELECT count(*) AS c FROM supplier;\n!quit\n".getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), output);
    assertEquals(0, p.exitValue(), output);
    assertTrue(output.contains("| 10 |"), output);
    assertTrue(Files.isRegularFile(home.resolve(".basalt/history")), output);
    assertTrue(Files.readString(home.resolve(".basalt/history")).contains("FROM supplier"));
  }

  @Test
  void describeJoinsCausesWithoutRepeats() {
    SQLException e = new SQLException("Error while executing SQL \"x\": boom",
        new IllegalStateException("boom", new RuntimeException("root cause")));
    assertEquals("Error while executing SQL \"x\": boom: root cause", Main.describe(e));
    assertEquals("NullPointerException", Main.describe(new NullPointerException()));
    assertEquals("parse failed: Encountered \"<EOF>\" at line 1, column 6.",
        Main.describe(new SQLException("parse failed: Encountered \"<EOF>\" at line 1, column 6.\n"
            + "Was expecting one of:\n    \"ALL\" ...\n    \"DISTINCT\" ...\n")));
  }
}
