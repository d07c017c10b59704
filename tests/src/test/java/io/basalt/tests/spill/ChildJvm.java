package io.basalt.tests.spill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts a main class of the test classpath in a JVM of its own under {@code /usr/bin/time -v},
 * so that a test can give it the heap and direct-memory caps it wants and read the process's peak
 * resident size. {@link #run} fails the test when the process fails.
 */
final class ChildJvm {
  /** Everything the process printed (its output, then time's report), its peak RSS and status. */
  record Result(String output, long maxRssKib, int exitStatus) {
    List<String> lines() {
      return output.lines().toList();
    }
  }

  private ChildJvm() {}

  static Result run(List<String> jvmOptions, Class<?> main, List<String> args) throws Exception {
    Result r = attempt(jvmOptions, main, args);
    assertEquals(0, r.exitStatus(), main.getSimpleName() + " failed:\n" + r.output());
    return r;
  }

  /** As {@link #run}, but a process that fails is reported, not a test failure. */
  static Result attempt(List<String> jvmOptions, Class<?> main, List<String> args)
      throws Exception {
    List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-v",
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("--add-opens=java.base/java.nio=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int status = p.waitFor();
    Matcher rss = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)").matcher(out);
    assertTrue(rss.find(), out);
    return new Result(out, Long.parseLong(rss.group(1)), status);
  }
}
