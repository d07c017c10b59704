package io.basalt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchMainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final BenchMain main = new BenchMain(new PrintStream(out, true, StandardCharsets.UTF_8),
      new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());

  @Test
  void helpPrintsEveryCommand() {
    assertEquals(BenchMain.OK, main.run("--help"));
    String usage = out.toString(StandardCharsets.UTF_8);
    assertTrue(usage.contains("tpch --sf SCALE") && usage.contains("range --sf SCALE")
        && usage.contains("jmh"), usage);
  }

  @Test
  void usageErrorsExitWithTwoAndSayWhatIsWrong() {
    assertEquals(BenchMain.USAGE, main.run("tpch", "--runs", "2"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("missing required option --sf"));
    assertEquals(BenchMain.USAGE, main.run("nonsense"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown bench command 'nonsense'"));
  }
}
