package io.basalt.tests.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code basalt serve} in a child JVM (this test JVM's class path, {@code io.basalt.cli.Main}) on
 * a free loopback port, for tests whose client is this JVM: client and server share no memory,
 * as with a real deployment. Closing it stops the process (SIGTERM first, so the shutdown hook
 * runs).
 */
public final class ServerProcess implements AutoCloseable {
  private static final Pattern STATUS_FIELD = Pattern.compile("\"(\\w+)\":(-?\\d+)");

  private final Process process;
  private final int port;
  private final boolean tls;
  private final StringBuffer output = new StringBuffer();

  private ServerProcess(Process process, int port, boolean tls) {
    this.process = process;
    this.port = port;
    this.tls = tls;
  }

  /**
   * Starts {@code serve --data DATA --port FREE_PORT EXTRA...} and waits until it listens.
   *
   * @param heap the child's -Xmx, e.g. "1g"
   */
  public static ServerProcess start(Path data, String heap, String... extra) throws Exception {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"),
        "io.basalt.cli.Main", "serve", "--data", data.toString(), "--port", Integer.toString(port)));
    command.addAll(List.of(extra));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    // A test that fails before close() must not leave a server running after the test JVM.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    ServerProcess server = new ServerProcess(process, port,
        List.of(extra).contains("--tls-keystore"));
    CountDownLatch listening = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          server.output.append(line).append('\n');
          if (line.contains("listening on")) {
            listening.countDown();
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "server-output");
    reader.setDaemon(true);
    reader.start();
    if (!listening.await(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("server did not start in 120 s:\n" + server.output);
    }
    return server;
  }

  /** Runs {@code serve} with these arguments and returns its exit status and output. */
  public static Map.Entry<Integer, String> runToExit(Path data, String... extra) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"),
        "io.basalt.cli.Main", "serve", "--data", data.toString(), "--port",
        Integer.toString(freePort())));
    command.addAll(List.of(extra));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean finished = process.waitFor(60, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return Map.entry(finished ? process.exitValue() : -1, text);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  public int port() {
    return port;
  }

  public String baseUrl() {
    return (tls ? "https" : "http") + "://127.0.0.1:" + port;
  }

  /** The Avatica remote URL for {@code user}/{@code password} (null: no credentials). */
  public String jdbcUrl(String user, String password) {
    String url = "jdbc:avatica:remote:url=" + baseUrl() + ";serialization=PROTOBUF";
    if (user != null) {
      url += ";authentication=BASIC;avatica_user=" + user + ";avatica_password=" + password;
    }
    return url;
  }

  /** What the server printed so far. */
  public String output() {
    return output.toString();
  }

  public long pid() {
    return process.pid();
  }

  /** The server process's peak resident set (VmHWM), in bytes, or -1 where /proc is missing. */
  public long peakRssBytes() throws IOException {
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    if (!Files.exists(status)) {
      return -1;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return -1;
  }

  /** {@code GET /basalt/status} as numbers by name. */
  public Map<String, Long> status(String user, String password) throws IOException {
    HttpURLConnection http = (HttpURLConnection) URI.create(baseUrl() + "/basalt/status").toURL()
        .openConnection();
    if (user != null) {
      http.setRequestProperty("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    try {
      if (http.getResponseCode() != 200) {
        throw new IOException("status answered HTTP " + http.getResponseCode());
      }
      String body = new String(http.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, Long> values = new java.util.LinkedHashMap<>();
      Matcher m = STATUS_FIELD.matcher(body);
      while (m.find()) {
        values.put(m.group(1), Long.parseLong(m.group(2)));
      }
      return values;
    } finally {
      http.disconnect();
    }
  }

  /** The HTTP status of a request with this Authorization header (null: none). */
  public int httpStatus(String path, String authorization) throws IOException {
    HttpURLConnection http = (HttpURLConnection) URI.create(baseUrl() + path).toURL()
        .openConnection();
    http.setRequestMethod("POST");
    http.setDoOutput(true);
    if (authorization != null) {
      http.setRequestProperty("Authorization", authorization);
    }
    http.getOutputStream().write(new byte[0]);
    try {
      return http.getResponseCode();
    } finally {
      http.disconnect();
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
