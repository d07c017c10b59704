package io.basalt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.cli.CliArgs.Command;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class CliArgsTest {
  @Test
  void queryWithOptionsBeforeAndAfterTheSql() throws Exception {
    CliArgs a = CliArgs.parse("query", "--data", "/d", "SELECT 1", "--threads=3",
        "--memory-limit", "2GB");
    assertEquals(Command.QUERY, a.command());
    assertEquals(List.of("SELECT 1"), a.arguments());
    assertEquals(Map.of("data", "/d", "threads", "3", "memory-limit", "2GB"), a.options());
    assertEquals(Optional.of(3), a.positiveIntOption("threads"));
    assertFalse(a.help());
  }

  @Test
  void dashIsStandardInputAndSqlMayStartWithAComment() throws Exception {
    assertEquals(List.of("-"), CliArgs.parse("query", "-").arguments());
    assertEquals(List.of("-- total\nSELECT 1"),
        CliArgs.parse("query", "-- total\nSELECT 1").arguments());
    assertEquals(List.of("--data"), CliArgs.parse("query", "--", "--data").arguments());
  }

  @Test
  void connectionProperties() throws Exception {
    Properties p = CliContext.connectionProperties(CliArgs.parse("query", "--threads", "2",
        "--memory-limit", "50%", "--spill-dir", "/tmp/s", "x"));
    assertEquals("2", p.getProperty("threads"));
    assertEquals("50%", p.getProperty("memory_limit"));
    assertEquals(Path.of("/tmp/s").toAbsolutePath().toString(), p.getProperty("spill_dir"));
    assertTrue(CliContext.connectionProperties(CliArgs.parse("query", "x")).isEmpty());
  }

  @Test
  void help() throws Exception {
    assertTrue(CliArgs.parse("--help").help());
    assertTrue(CliArgs.parse("-h").help());
    assertTrue(CliArgs.parse("help").help());
    assertTrue(CliArgs.parse("query", "--help").help());
    assertTrue(CliArgs.parse("gen-tpch", "-h").help(), "--help needs no required option");
    String usage = CliArgs.usage();
    for (String word : List.of("query", "shell", "gen-tpch", "--data", "--url", "--threads",
        "--memory-limit", "--sf", "--out", "BASALT_HOME")) {
      assertTrue(usage.contains(word), "usage mentions " + word);
    }
  }

  @Test
  void genTpch() throws Exception {
    CliArgs a = CliArgs.parse("gen-tpch", "--sf", "0.5", "--out=/x");
    assertEquals(0.5, a.positiveDoubleOption("sf"));
    assertEquals(Optional.of(Path.of("/x")), a.pathOption("out"));
    assertThrows(UsageException.class,
        () -> CliArgs.parse("gen-tpch", "--sf", "zero", "--out", "/x").positiveDoubleOption("sf"));
    assertThrows(UsageException.class,
        () -> CliArgs.parse("gen-tpch", "--out", "/x").positiveDoubleOption("sf"));
  }

  @Test
  void shell() throws Exception {
    CliArgs a = CliArgs.parse("shell", "--url", "jdbc:basalt:/d");
    assertEquals(Optional.of("jdbc:basalt:/d"), a.option("url"));
    assertTrue(a.arguments().isEmpty());
  }

  @Test
  void usageErrors() {
    List<String[]> bad = List.of(
        new String[] {},
        new String[] {"frobnicate"},
        new String[] {"--data", "/d", "query", "x"},
        new String[] {"query"},
        new String[] {"query", "SELECT", "1"},
        new String[] {"query", "--bogus", "1", "x"},
        new String[] {"query", "-x", "x"},
        new String[] {"query", "x", "--data"},
        new String[] {"query", "--data", "/a", "--data", "/b", "x"},
        new String[] {"query", "--url", "jdbc:basalt:/a", "x"},
        new String[] {"shell", "--data", "/a", "--url", "jdbc:basalt:/b"},
        new String[] {"shell", "SELECT 1"},
        new String[] {"gen-tpch", "--data", "/d"});
    for (String[] args : bad) {
      assertThrows(UsageException.class, () -> CliArgs.parse(args), String.join(" ", args));
    }
  }

  @Test
  void threadsMustBePositive() throws Exception {
    CliArgs a = CliArgs.parse("query", "--threads", "0", "x");
    assertThrows(UsageException.class, () -> a.positiveIntOption("threads"));
    CliArgs b = CliArgs.parse("query", "--threads", "many", "x");
    assertThrows(UsageException.class, () -> b.positiveIntOption("threads"));
  }
}
