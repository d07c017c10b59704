package io.basalt.spark;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Spark Connect server ({@code local[2]}) in a JVM of its own, started once for the test JVM and
 * stopped with it. A JVM of its own because the server and the client each shade Spark Connect's
 * protocol classes differently: one classpath cannot hold both. The classpath comes from the
 * build ({@code spark-connect-server.classpath}, written by the dependency plugin); the tests that
 * use it run only in the {@code spark-connect} surefire execution, which sets the properties read
 * here.
 */
final class SparkConnectServerProcess {
  private static final long START_LIMIT_MILLIS = 180_000;
  private static String url;
  private static Process process;

  private SparkConnectServerProcess() {}

  /** {@code sc://localhost:port} of the running server, started on first call. */
  static synchronized String url() throws Exception {
    String classpathFile = System.getProperty("basalt.spark.connect.server.classpath");
    assumeTrue(classpathFile != null,
        "Spark Connect tests run in the spark-connect surefire execution (mvn verify -pl spark)");
    if (url == null) {
      url = start(Path.of(classpathFile));
    }
    return url;
  }

  private static String start(Path classpathFile) throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(System.getProperty("basalt.spark.jvm.flags", "").trim().split("\\s+")));
    command.addAll(List.of("-Xmx1500m", "-Dspark.master=local[2]", "-Dspark.ui.enabled=false",
        "-Dspark.connect.grpc.binding.port=" + port,
        "-cp", Files.readString(classpathFile).trim(),
        "org.apache.spark.sql.connect.service.SparkConnectServer"));
    Path log = Path.of(System.getProperty("basalt.spark.connect.server.log", "spark-connect-server.log"));
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(SparkConnectServerProcess::stop));
    long end = System.currentTimeMillis() + START_LIMIT_MILLIS;
    while (!listening(port)) {
      if (!process.isAlive() || System.currentTimeMillis() > end) {
        stop();
        throw new IllegalStateException("the Spark Connect server did not start (exit "
            + (process.isAlive() ? "none" : process.exitValue()) + "); its log, " + log + ":\n"
            + tail(log));
      }
      Thread.sleep(200);
    }
    return "sc://localhost:" + port;
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("localhost", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  /** The server's log so far, for tests that check what the server did. */
  static String log() throws IOException {
    return Files.readString(
        Path.of(System.getProperty("basalt.spark.connect.server.log", "spark-connect-server.log")));
  }

  private static synchronized void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
