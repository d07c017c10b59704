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
import java.util.concurrent.TimeUnit;

/**
 * A Spark Connect server ({@code local[2]}) in a JVM of its own. A JVM of its own because the
 * server and the client each shade Spark Connect's protocol classes differently: one classpath
 * cannot hold both. The classpath comes from the build ({@code spark-connect-server.classpath},
 * written by the dependency plugin); the tests that use it run only in the {@code spark-connect}
 * surefire execution, which sets the properties read here. {@link #shared()} is one server for
 * the test JVM, stopped with it; a test that stops and restarts a server starts its own.
 */
final class SparkConnectServerProcess {
  private static final long START_LIMIT_MILLIS = 180_000;
  private static SparkConnectServerProcess shared;

  private final int port;
  private final Path log;
  private Process process;

  private SparkConnectServerProcess(int port, Path log) {
    this.port = port;
    this.log = log;
  }

  /** The server the Spark Connect tests share, started on first call. */
  static synchronized SparkConnectServerProcess shared() throws Exception {
    if (shared == null) {
      shared = start("spark-connect-server", freePort());
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
    }
    return shared;
  }

  /** {@code sc://localhost:port} of the shared server. */
  static String url() throws Exception {
    return shared().url0();
  }

  /** The shared server's log so far, for tests that check what the server did. */
  static String log() throws IOException {
    return Files.readString(shared.log);
  }

  /** A server of its own on {@code port}, logging to {@code name}.log beside the shared one's. */
  static SparkConnectServerProcess start(String name, int port) throws Exception {
    String classpathFile = System.getProperty("basalt.spark.connect.server.classpath");
    assumeTrue(classpathFile != null,
        "Spark Connect tests run in the spark-connect surefire execution (mvn verify -pl spark)");
    Path dir = Path.of(System.getProperty("basalt.spark.connect.server.logs", "."));
    SparkConnectServerProcess server = new SparkConnectServerProcess(port,
        dir.resolve(name + ".log"));
    server.launch(Path.of(classpathFile));
    return server;
  }

  static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  String url0() {
    return "sc://localhost:" + port;
  }

  private void launch(Path classpathFile) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(System.getProperty("basalt.spark.jvm.flags", "").trim().split("\\s+")));
    command.addAll(List.of("-Xmx1500m", "-Dspark.master=local[2]", "-Dspark.ui.enabled=false",
        "-Dspark.connect.grpc.binding.port=" + port,
        "-cp", Files.readString(classpathFile).trim(),
        "org.apache.spark.sql.connect.service.SparkConnectServer"));
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    long end = System.currentTimeMillis() + START_LIMIT_MILLIS;
    while (!listening()) {
      if (!process.isAlive() || System.currentTimeMillis() > end) {
        stop();
        throw new IllegalStateException("the Spark Connect server did not start (exit "
            + (process.isAlive() ? "none" : process.exitValue()) + "); its log, " + log + ":\n"
            + tail());
      }
      Thread.sleep(200);
    }
  }

  private boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("localhost", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private String tail() throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  /** Stops the server and waits until its port is free. */
  synchronized void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
