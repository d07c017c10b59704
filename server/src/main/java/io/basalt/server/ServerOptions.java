package io.basalt.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@code bin/basalt serve} was asked for.
 *
 * @param dataRoot the folder served (its tables, and the root read_parquet paths must stay in)
 * @param bind the address to listen on ({@code 127.0.0.1} unless told otherwise)
 * @param port the TCP port; 0 picks a free one
 * @param usersFile the users allowed in (null only with {@code noAuth})
 * @param noAuth serve without authentication (loopback addresses only)
 * @param tlsKeystore a PKCS12/JKS keystore with the server's key and certificate, or null for
 *     plain HTTP
 * @param tlsPasswordFile a file holding the keystore's password (first line), with tlsKeystore
 * @param readOnly refuse statements that write (COPY, CREATE TABLE AS)
 * @param allowedRoots folders besides the data root that queries may read
 * @param frameSize the most rows one result frame carries
 * @param maxConnections the most connections open at once
 * @param idleTimeout how long an unused connection or statement lives
 * @param threads worker threads per connection, or null for the driver's default
 * @param memoryLimit engine memory limit per connection ({@code 1GB}, {@code 25%}), or null
 * @param spillDir the spill folder, or null for the default
 * @param maxTempSize the most spill data one query may hold ({@code 20GB}), or null for the
 *     driver's default
 */
public record ServerOptions(Path dataRoot, String bind, int port, Path usersFile, boolean noAuth,
    Path tlsKeystore, Path tlsPasswordFile, boolean readOnly, List<Path> allowedRoots,
    int frameSize, int maxConnections, Duration idleTimeout, Integer threads, String memoryLimit,
    Path spillDir, String maxTempSize) {

  /** Options with the driver's default max_temp_size. */
  public ServerOptions(Path dataRoot, String bind, int port, Path usersFile, boolean noAuth,
      Path tlsKeystore, Path tlsPasswordFile, boolean readOnly, List<Path> allowedRoots,
      int frameSize, int maxConnections, Duration idleTimeout, Integer threads, String memoryLimit,
      Path spillDir) {
    this(dataRoot, bind, port, usersFile, noAuth, tlsKeystore, tlsPasswordFile, readOnly,
        allowedRoots, frameSize, maxConnections, idleTimeout, threads, memoryLimit, spillDir, null);
  }

  public static final String DEFAULT_BIND = "127.0.0.1";
  public static final int DEFAULT_FRAME_SIZE = 10_000;
  public static final int DEFAULT_MAX_CONNECTIONS = 64;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);
  public static final String DEFAULT_MEMORY_LIMIT = "25%";

  public ServerOptions {
    Objects.requireNonNull(dataRoot, "dataRoot is null");
    Objects.requireNonNull(bind, "bind is null");
    allowedRoots = List.copyOf(allowedRoots);
    Objects.requireNonNull(idleTimeout, "idleTimeout is null");
  }

  /** Defaults for everything but the data folder, users file and port. */
  public static ServerOptions of(Path dataRoot, int port, Path usersFile) {
    return new ServerOptions(dataRoot, DEFAULT_BIND, port, usersFile, usersFile == null, null,
        null, false, List.of(), DEFAULT_FRAME_SIZE, DEFAULT_MAX_CONNECTIONS, DEFAULT_IDLE_TIMEOUT,
        null, DEFAULT_MEMORY_LIMIT, null);
  }
}
