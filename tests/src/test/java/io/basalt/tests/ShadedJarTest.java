package io.basalt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.basalt.cli.tpch.TpchParquetGenerator;
import io.basalt.cli.tpch.TpchQueries;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded driver jar ({@code jdbc-driver/target/basalt-jdbc-*-all.jar}, built in jdbc-driver's
 * package phase) alone on a fresh JVM's class path connects with {@code jdbc:basalt:} and answers
 * TPC-H Q1 and Q6 exactly as the driver does in-process, and, as the client of {@code basalt
 * serve} with {@code jdbc:avatica:remote:}, answers them the same over the wire. Skipped when the jar has not been built
 * (e.g. {@code mvn test}, which stops before package).
 *
 * <p>The child JVM is this JVM's {@code java}, or the one named by the system property {@code
 * basalt.shadedJarTest.java} (e.g. {@code -Dbasalt.shadedJarTest.java=/path/to/jdk25/bin/java}).
 */
class ShadedJarTest {
  private static final int[] QUERIES = {1, 6};

  @TempDir Path work;

  @Test
  void shadedJarAloneAnswersLikeTheInProcessDriver() throws Exception {
    Path jar = shadedJar();
    Path data = work.resolve("tpch");
    TpchParquetGenerator.generate(0.001, data);
    String url = "jdbc:basalt:" + data;

    List<String> command = new ArrayList<>(List.of(javaExecutable(),
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx1g",
        "-cp", jar + java.io.File.pathSeparator + probeClassDir(),
        ShadedJarProbe.class.getName(), url));
    StringBuilder expected = new StringBuilder("drivers accepting the URL: io.basalt.jdbc.BasaltDriver\n");
    try (Connection connection = DriverManager.getConnection(url)) {
      for (int q : QUERIES) {
        Path sql = work.resolve("q" + q + ".sql");
        Files.writeString(sql, TpchQueries.text(q));
        command.add(sql.toString());
        expected.append(ShadedJarProbe.dump(connection, TpchQueries.text(q)));
      }
    }

    assertProbePrints(command, expected.toString());
    assertTrue(expected.toString().contains("(4 rows)"), "Q1 has four groups:\n" + expected);
  }

  /**
   * The same jar is the client of {@code basalt serve}: the remote URL finds Basalt's remote
   * driver, and the answers over the wire equal the in-process ones.
   */
  @Test
  void shadedJarAloneQueriesTheServer() throws Exception {
    Path jar = shadedJar();
    Path data = work.resolve("tpch");
    TpchParquetGenerator.generate(0.001, data);
    Path users = Files.writeString(work.resolve("users"), "tool:bi-secret\n");
    try (io.basalt.tests.server.ServerProcess server = io.basalt.tests.server.ServerProcess.start(
        data, "512m", "--users", users.toString())) {
      String url = server.jdbcUrl("tool", "bi-secret");
      List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx256m",
          "-cp", jar + java.io.File.pathSeparator + probeClassDir(),
          ShadedJarProbe.class.getName(), url));
      StringBuilder expected = new StringBuilder(
          "drivers accepting the URL: io.basalt.jdbc.remote.BasaltRemoteDriver\n");
      try (Connection connection = DriverManager.getConnection("jdbc:basalt:" + data)) {
        for (int q : QUERIES) {
          Path sql = work.resolve("q" + q + ".sql");
          Files.writeString(sql, TpchQueries.text(q));
          command.add(sql.toString());
          expected.append(ShadedJarProbe.dump(connection, TpchQueries.text(q)));
        }
      }
      assertProbePrints(command, expected.toString());
    }
  }

  private void assertProbePrints(List<String> command, String expected) throws Exception {
    Path stdout = work.resolve("probe.out");
    Path stderr = work.resolve("probe.err");
    Process process = new ProcessBuilder(command)
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    boolean finished = process.waitFor(5, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    String out = Files.readString(stdout, StandardCharsets.UTF_8);
    String err = Files.readString(stderr, StandardCharsets.UTF_8);
    String report = "command: " + String.join(" ", command) + "\nstdout:\n" + out + "\nstderr:\n" + err;
    assertTrue(finished, "the probe JVM did not finish in 5 minutes\n" + report);
    assertEquals(0, process.exitValue(), report);
    assertEquals(expected, out, report);
  }

  /** The shaded jar, or a skipped test when it is missing or older than the driver's classes. */
  private static Path shadedJar() throws IOException {
    Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    Path target = base.resolve("../jdbc-driver/target").normalize();
    Path jar = null;
    if (Files.isDirectory(target)) {
      try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "basalt-jdbc-*-all.jar")) {
        for (Path p : jars) {
          jar = p;
        }
      }
    }
    assumeTrue(jar != null, "ShadedJarTest skipped: no " + target
        + "/basalt-jdbc-*-all.jar; it is built by jdbc-driver's package phase (run mvn verify)");
    FileTime built = Files.getLastModifiedTime(jar);
    Path classes = target.resolve("classes");
    if (Files.isDirectory(classes)) {
      try (Stream<Path> files = Files.walk(classes)) {
        boolean stale = files.filter(Files::isRegularFile).anyMatch(f -> {
          try {
            return Files.getLastModifiedTime(f).compareTo(built) > 0;
          } catch (IOException e) {
            return false;
          }
        });
        assumeTrue(!stale, "ShadedJarTest skipped: " + jar
            + " is older than jdbc-driver's classes; rebuild it with mvn package or mvn verify");
      }
    }
    return jar;
  }

  /** A folder holding only ShadedJarProbe.class, so the child sees no other test class. */
  private Path probeClassDir() throws IOException {
    String name = ShadedJarProbe.class.getName().replace('.', '/') + ".class";
    Path dir = work.resolve("probe-classes");
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    try (InputStream in = ShadedJarProbe.class.getClassLoader().getResourceAsStream(name)) {
      Files.copy(in, file);
    }
    return dir;
  }

  private static String javaExecutable() {
    String java = System.getProperty("basalt.shadedJarTest.java");
    if (java != null && !java.isBlank()) {
      return java;
    }
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
