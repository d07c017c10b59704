package io.basalt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server refuses unsafe setups before it listens, and sandboxes every connection. */
class BasaltServerTest {
  @TempDir
  Path data;

  @Test
  void refusesToStartWithoutAuthentication() {
    ServerOptions options = ServerOptions.of(data, 0, null);
    ServerOptions noAuthChoice = new ServerOptions(data, "127.0.0.1", 0, null, false, null, null,
        false, List.of(), 100, 4, ServerOptions.DEFAULT_IDLE_TIMEOUT, null, null, null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BasaltServer.start(noAuthChoice));
    assertTrue(e.getMessage().startsWith("refusing to start without authentication"),
        e.getMessage());
    assertTrue(options.noAuth(), "ServerOptions.of without users means --no-auth");
  }

  @Test
  void noAuthBindsOnlyToLoopback() {
    ServerOptions wide = new ServerOptions(data, "0.0.0.0", 0, null, true, null, null, false,
        List.of(), 100, 4, ServerOptions.DEFAULT_IDLE_TIMEOUT, null, null, null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BasaltServer.start(wide));
    assertTrue(e.getMessage().startsWith("--no-auth only binds to a loopback address"),
        e.getMessage());
  }

  @Test
  void usersAndNoAuthExcludeEachOther() throws Exception {
    Path users = Files.writeString(data.resolve("users"), "a:b\n");
    ServerOptions both = new ServerOptions(data, "127.0.0.1", 0, users, true, null, null, false,
        List.of(), 100, 4, ServerOptions.DEFAULT_IDLE_TIMEOUT, null, null, null);
    assertThrows(IllegalArgumentException.class, () -> BasaltServer.start(both));
  }

  @Test
  void halfATlsSetupIsRefused() throws Exception {
    Path users = Files.writeString(data.resolve("users"), "a:b\n");
    ServerOptions half = new ServerOptions(data, "127.0.0.1", 0, users, false,
        data.resolve("keystore.p12"), null, false, List.of(), 100, 4,
        ServerOptions.DEFAULT_IDLE_TIMEOUT, null, null, null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BasaltServer.start(half));
    assertTrue(e.getMessage().contains("go together"), e.getMessage());
  }

  @Test
  void everyConnectionIsSandboxedAndReadOnlyWhenAsked() throws Exception {
    Path extra = Files.createDirectories(data.resolve("../extra").normalize());
    ServerOptions options = new ServerOptions(data, "127.0.0.1", 0, null, true, null, null, true,
        List.of(extra), 100, 4, ServerOptions.DEFAULT_IDLE_TIMEOUT, 2, "64MB", null);
    Properties p = BasaltServer.connectionProperties(options);
    assertEquals("true", p.getProperty("sandbox"));
    assertEquals("true", p.getProperty("read_only"));
    assertEquals(extra.toString(), p.getProperty("allowed_roots"));
    assertEquals("2", p.getProperty("threads"));
    assertEquals("64MB", p.getProperty("memory_limit"));
    assertEquals("jdbc:basalt:" + data.toAbsolutePath().normalize(), BasaltServer.url(options));
  }

  @Test
  void startsAndStopsOnAFreePort() throws Exception {
    try (BasaltServer server = BasaltServer.start(ServerOptions.of(data, 0, null))) {
      assertTrue(server.port() > 0);
      assertTrue(server.baseUrl().startsWith("http://127.0.0.1:"), server.baseUrl());
      assertEquals(0L, server.meta().status().get("connections"));
    }
  }
}
