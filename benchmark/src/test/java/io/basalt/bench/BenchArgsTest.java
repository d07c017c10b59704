package io.basalt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.basalt.bench.BenchArgs.UsageException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchArgsTest {
  private static final Set<String> OPTIONS = Set.of("sf", "runs", "queries");

  @Test
  void parsesBothOptionForms() throws Exception {
    BenchArgs args = BenchArgs.parse("tpch", List.of("--sf", "0.1", "--runs=5", "--queries", "Q1, 6,14"), OPTIONS);
    assertEquals(0.1, args.scaleFactor());
    assertEquals(5, args.positiveInt("runs", 3));
    assertEquals(List.of(1, 6, 14), args.queries("queries", 22));
  }

  @Test
  void defaultsWhenAbsent() throws Exception {
    BenchArgs args = BenchArgs.parse("tpch", List.of("--sf", "1"), OPTIONS);
    assertEquals(3, args.positiveInt("runs", 3));
    assertEquals(22, args.queries("queries", 22).size());
  }

  @Test
  void refusesBadInputWithAMessageNamingTheOption() {
    UsageException e = assertThrows(UsageException.class,
        () -> BenchArgs.parse("tpch", List.of("--sf", "1", "--queries", "23"), OPTIONS)
            .queries("queries", 22));
    assertEquals("tpch: --queries takes query numbers from 1 to 22 separated by commas"
        + " (e.g. 1,6,14), got '23'", e.getMessage());
    assertThrows(UsageException.class, () -> BenchArgs.parse("tpch", List.of("--bogus", "1"), OPTIONS));
    assertThrows(UsageException.class, () -> BenchArgs.parse("tpch", List.of("--sf"), OPTIONS));
    assertThrows(UsageException.class, () -> BenchArgs.parse("tpch", List.of("--runs", "0"), OPTIONS)
        .positiveInt("runs", 3));
    assertThrows(UsageException.class, () -> BenchArgs.parse("tpch", List.of(), OPTIONS).scaleFactor());
    assertThrows(UsageException.class, () -> BenchArgs.parse("tpch", List.of("--sf", "-1"), OPTIONS).scaleFactor());
  }
}
