package io.basalt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.server.PasswordHash;
import io.basalt.server.ServerOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sqlline.DispatchCallback;

/** {@code serve}'s options, {@code hash-password}, the remote shell URL and the progress line. */
class ServeAndShellTest {
  @TempDir
  Path home;

  private CliContext context(String stdin, ByteArrayOutputStream out) {
    return new CliContext(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err, Map.of(), home, false);
  }

  @Test
  void serveOptionsAndFlags() throws Exception {
    CliArgs args = CliArgs.parse("serve", "--data", home.toString(), "--port", "0",
        "--users", "u.txt", "--read-only", "--allow-root", "/a,/b", "--frame-size", "500",
        "--idle-timeout", "60", "--bind", "0.0.0.0");
    ServerOptions o = ServeCommand.options(args, context("", new ByteArrayOutputStream()));
    assertEquals(0, o.port());
    assertEquals("0.0.0.0", o.bind());
    assertTrue(o.readOnly());
    assertFalse(o.noAuth());
    assertEquals(List.of(Path.of("/a"), Path.of("/b")), o.allowedRoots());
    assertEquals(500, o.frameSize());
    assertEquals(60, o.idleTimeout().toSeconds());
    assertEquals(ServeCommand.DEFAULT_PORT, ServeCommand.options(
        CliArgs.parse("serve", "--data", home.toString(), "--no-auth"),
        context("", new ByteArrayOutputStream())).port());
    assertThrows(UsageException.class, () -> CliArgs.parse("serve", "--no-auth=yes"));
    assertThrows(UsageException.class, () -> ServeCommand.options(
        CliArgs.parse("serve", "--data", home.toString(), "--port", "70000"),
        context("", new ByteArrayOutputStream())));
  }

  @Test
  void hashPasswordPrintsASaltedHash() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(0, HashPasswordCommand.run(context("hunter2\n", out)));
    String line = out.toString(StandardCharsets.UTF_8).strip();
    assertTrue(line.startsWith(PasswordHash.PREFIX), line);
    assertTrue(PasswordHash.parse(line).matches("hunter2".toCharArray()));
    assertThrows(UsageException.class,
        () -> HashPasswordCommand.run(context("", new ByteArrayOutputStream())));
  }

  @Test
  void shellConnectsToARemoteUrlWithoutBasaltsDriverClass() throws Exception {
    String url = "jdbc:avatica:remote:url=http://127.0.0.1:1;serialization=PROTOBUF";
    List<String> a = ShellCommand.sqllineArguments(CliArgs.parse("shell", "--url", url),
        context("", new ByteArrayOutputStream()));
    assertEquals(List.of("-u", url, "--isolation=TRANSACTION_NONE", "-n", "", "-p", "",
        "--historyfile=" + home.resolve(".basalt/history"), "--maxWidth=1000"), a);
  }

  @Test
  void progressLineAppearsAfterASecondAndIsErased() {
    DispatchCallback callback = new DispatchCallback();
    AtomicLong now = new AtomicLong(10_000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    QueryProgress progress = new QueryProgress(() -> callback,
        new PrintStream(out, true, StandardCharsets.UTF_8), now::get);
    progress.poll();
    assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing while idle");
    callback.trackSqlQuery(null);
    progress.poll();
    now.addAndGet(900);
    progress.poll();
    assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing in the first second");
    now.addAndGet(2_200);
    progress.poll();
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("running… 3 s (Ctrl-C cancels)"),
        out.toString(StandardCharsets.UTF_8));
    callback.setToSuccess();
    progress.poll();
    assertTrue(out.toString(StandardCharsets.UTF_8).endsWith("\r\033[K"), "erased at the end");
  }
}
