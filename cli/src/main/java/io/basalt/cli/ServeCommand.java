package io.basalt.cli;

import io.basalt.server.BasaltServer;
import io.basalt.server.ServerOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code basalt serve}: starts {@link BasaltServer} on the data folder and runs until the process
 * is stopped (Ctrl-C or SIGTERM close every connection first).
 */
final class ServeCommand {
  static final int DEFAULT_PORT = 8765;

  private ServeCommand() {}

  static int run(CliArgs args, CliContext ctx) throws Exception {
    ServerOptions options = options(args, ctx);
    BasaltServer server;
    try {
      server = BasaltServer.start(options);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Thread stopper = new Thread(() -> {
      try {
        server.close();
      } catch (Exception e) {
        // the process is ending anyway
      }
    }, "basalt-server-shutdown");
    Runtime.getRuntime().addShutdownHook(stopper);
    ctx.out().println(server.describe());
    ctx.out().println("Connect with jdbc:avatica:remote:url=" + server.baseUrl()
        + ";serialization=PROTOBUF"
        + (options.noAuth() ? "" : ";authentication=BASIC;avatica_user=NAME;avatica_password=PASSWORD"));
    ctx.out().flush();
    server.join();
    return Main.OK;
  }

  static ServerOptions options(CliArgs args, CliContext ctx) throws UsageException, IOException {
    Path data = ctx.dataFolder(args);
    int port = args.option("port").isPresent() ? port(args.option("port").get()) : DEFAULT_PORT;
    List<Path> roots = new ArrayList<>();
    if (args.option("allow-root").isPresent()) {
      for (String root : args.option("allow-root").get().split(",")) {
        if (!root.isBlank()) {
          roots.add(Path.of(root.trim()).toAbsolutePath().normalize());
        }
      }
    }
    int idleSeconds = args.positiveIntOption("idle-timeout")
        .orElse((int) ServerOptions.DEFAULT_IDLE_TIMEOUT.toSeconds());
    return new ServerOptions(data,
        args.option("bind").orElse(ServerOptions.DEFAULT_BIND),
        port,
        args.pathOption("users").orElse(null),
        args.flag("no-auth"),
        args.pathOption("tls-keystore").orElse(null),
        args.pathOption("tls-password-file").orElse(null),
        args.flag("read-only"),
        roots,
        args.positiveIntOption("frame-size").orElse(ServerOptions.DEFAULT_FRAME_SIZE),
        args.positiveIntOption("max-connections").orElse(ServerOptions.DEFAULT_MAX_CONNECTIONS),
        Duration.ofSeconds(idleSeconds),
        args.positiveIntOption("threads").orElse(null),
        args.option("memory-limit").orElse(ServerOptions.DEFAULT_MEMORY_LIMIT),
        args.pathOption("spill-dir").orElse(null),
        args.option("max-temp-size").orElse(null));
  }

  private static int port(String text) throws UsageException {
    try {
      int port = Integer.parseInt(text.trim());
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--port expects a port number from 0 to 65535, got '" + text + "'");
  }
}
