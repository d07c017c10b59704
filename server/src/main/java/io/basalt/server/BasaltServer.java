package io.basalt.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.remote.Service;
import org.apache.calcite.avatica.server.AvaticaProtobufHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * {@code bin/basalt serve}: an Avatica HTTP server (protobuf serialization) over Basalt's JDBC
 * driver. Requests pass authentication ({@link BasicAuthHandler}, unless {@code --no-auth} on a
 * loopback address), then Basalt's endpoints ({@link BasaltHandler}), then Avatica's protocol
 * handler over {@link BasaltMeta}. Every connection is sandboxed to the data root and the allowed
 * roots.
 */
public final class BasaltServer implements AutoCloseable {
  private final ServerOptions options;
  private final BasaltMeta meta;
  private final Server jetty;
  private final ServerConnector connector;
  private final ScheduledExecutorService sweeper;
  private final boolean tls;

  private BasaltServer(ServerOptions options, BasaltMeta meta, Server jetty,
      ServerConnector connector, ScheduledExecutorService sweeper, boolean tls) {
    this.options = options;
    this.meta = meta;
    this.jetty = jetty;
    this.connector = connector;
    this.sweeper = sweeper;
    this.tls = tls;
  }

  /**
   * Validates {@code options} and starts listening.
   *
   * @throws IllegalArgumentException when the options are unsafe or inconsistent (no
   *     authentication chosen, --no-auth on a non-loopback address, half a TLS setup)
   * @throws IOException when a file cannot be read or the port cannot be bound
   */
  public static BasaltServer start(ServerOptions options) throws IOException, SQLException {
    UsersFile users = authentication(options);
    if ((options.tlsKeystore() == null) != (options.tlsPasswordFile() == null)) {
      throw new IllegalArgumentException("--tls-keystore and --tls-password-file go together");
    }
    if (!Files.isDirectory(options.dataRoot())) {
      throw new IllegalArgumentException("data folder " + options.dataRoot()
          + " does not exist or is not a directory");
    }
    if (options.frameSize() < 1 || options.maxConnections() < 1) {
      throw new IllegalArgumentException("--frame-size and --max-connections must be positive");
    }
    // One connection up front, so that a bad data folder, root or memory limit stops the start
    // instead of every client's first request.
    try (java.sql.Connection probe = new io.basalt.jdbc.BasaltDriver()
        .connect(url(options), connectionProperties(options))) {
      probe.getMetaData();
    } catch (SQLException e) {
      throw new IllegalArgumentException("cannot serve " + options.dataRoot() + ": "
          + e.getMessage(), e);
    }
    BasaltMeta meta = new BasaltMeta(url(options), connectionProperties(options),
        options.frameSize(), options.maxConnections(), options.idleTimeout());
    AvaticaProtobufHandler avatica = new AvaticaProtobufHandler(new LocalService(meta));
    BasaltHandler basalt = new BasaltHandler(meta);
    basalt.setHandler(avatica);
    Handler top = basalt;
    if (users != null) {
      BasicAuthHandler auth = new BasicAuthHandler(users);
      auth.setHandler(basalt);
      top = auth;
    }

    QueuedThreadPool threads = new QueuedThreadPool(200, 8);
    threads.setName("basalt-http");
    Server jetty = new Server(threads);
    HttpConnectionFactory http = new HttpConnectionFactory();
    http.getHttpConfiguration().setSendServerVersion(false);
    ServerConnector connector;
    boolean tls = options.tlsKeystore() != null;
    if (tls) {
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStorePath(options.tlsKeystore().toAbsolutePath().toString());
      ssl.setKeyStorePassword(readPassword(options.tlsPasswordFile()));
      connector = new ServerConnector(jetty, new SslConnectionFactory(ssl, "http/1.1"), http);
    } else {
      connector = new ServerConnector(jetty, http);
    }
    connector.setHost(options.bind());
    connector.setPort(options.port());
    connector.setIdleTimeout(TimeUnit.MINUTES.toMillis(5));
    jetty.addConnector(connector);
    jetty.setHandler(top);
    jetty.setStopAtShutdown(false);
    try {
      jetty.start();
    } catch (Exception e) {
      try {
        jetty.stop();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IOException("cannot start the server on " + options.bind() + ":" + options.port()
          + ": " + e.getMessage(), e);
    }
    avatica.setServerRpcMetadata(new Service.RpcMetadataResponse(
        options.bind() + ":" + connector.getLocalPort()));

    long sweepMillis = Math.max(200, Math.min(10_000, options.idleTimeout().toMillis() / 4));
    ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "basalt-session-sweeper");
      t.setDaemon(true);
      return t;
    });
    sweeper.scheduleWithFixedDelay(() -> {
      try {
        meta.sweep();
      } catch (RuntimeException e) {
        // Never let one failure stop expiry; the next sweep retries.
      }
    }, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    return new BasaltServer(options, meta, jetty, connector, sweeper, tls);
  }

  /** The users file, or null for --no-auth; refuses unsafe combinations. */
  private static UsersFile authentication(ServerOptions options) throws IOException {
    if (options.usersFile() != null && options.noAuth()) {
      throw new IllegalArgumentException("give --users FILE or --no-auth, not both");
    }
    if (options.usersFile() == null) {
      if (!options.noAuth()) {
        throw new IllegalArgumentException("refusing to start without authentication: give "
            + "--users FILE (name:password lines) or, for a server only this machine can reach, "
            + "--no-auth");
      }
      if (!isLoopback(options.bind())) {
        throw new IllegalArgumentException("--no-auth only binds to a loopback address "
            + "(127.0.0.1, ::1, localhost), not " + options.bind()
            + "; give --users FILE to serve other machines");
      }
      return null;
    }
    return UsersFile.read(options.usersFile());
  }

  private static boolean isLoopback(String bind) {
    try {
      InetAddress[] addresses = InetAddress.getAllByName(bind);
      for (InetAddress address : addresses) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return addresses.length > 0;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String readPassword(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || lines.get(0).isEmpty()) {
      throw new IOException("TLS password file " + file + " is empty");
    }
    return lines.get(0);
  }

  /** The data root alone: a ';' in a folder name must not start a property. */
  static String url(ServerOptions options) {
    return "jdbc:basalt:" + options.dataRoot().toAbsolutePath().normalize();
  }

  /** Every connection's properties: always sandboxed, read-only and limits as configured. */
  static Properties connectionProperties(ServerOptions options) {
    Properties p = new Properties();
    p.setProperty("sandbox", "true");
    if (!options.allowedRoots().isEmpty()) {
      p.setProperty("allowed_roots", options.allowedRoots().stream()
          .map(r -> r.toAbsolutePath().normalize().toString()).collect(Collectors.joining(",")));
    }
    p.setProperty("read_only", Boolean.toString(options.readOnly()));
    if (options.threads() != null) {
      p.setProperty("threads", options.threads().toString());
    }
    if (options.memoryLimit() != null) {
      p.setProperty("memory_limit", options.memoryLimit());
    }
    if (options.spillDir() != null) {
      p.setProperty("spill_dir", options.spillDir().toAbsolutePath().normalize().toString());
    }
    if (options.maxTempSize() != null) {
      p.setProperty("max_temp_size", options.maxTempSize());
    }
    return p;
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** The URL clients put after {@code url=}: {@code http://host:port} or https. */
  public String baseUrl() {
    String host = options.bind().contains(":") ? "[" + options.bind() + "]" : options.bind();
    return (tls ? "https" : "http") + "://" + host + ":" + port();
  }

  public BasaltMeta meta() {
    return meta;
  }

  /** A one-line description for the console. */
  public String describe() {
    return "Basalt server listening on " + baseUrl() + " (data " + options.dataRoot()
        + (options.noAuth() ? ", no authentication" : ", HTTP BASIC authentication")
        + (options.readOnly() ? ", read-only" : "") + ")";
  }

  /** Stops listening and closes every connection (and its engine). */
  @Override
  public void close() throws Exception {
    sweeper.shutdownNow();
    try {
      jetty.stop();
    } finally {
      meta.closeAll();
    }
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    jetty.join();
  }
}
