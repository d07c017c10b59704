package io.basalt.tests.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.cli.tpch.TpchParquetGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --tls-keystore}: the server speaks HTTPS with a certificate made here by keytool; a
 * client trusting it connects, and BASIC credentials are still required.
 */
class TlsServerTest {
  @TempDir
  Path work;

  @Test
  void httpsWithAKeystoreAndAuthentication() throws Exception {
    Path data = work.resolve("data");
    TpchParquetGenerator.generate(0.001, data);
    Path keystore = work.resolve("server.p12");
    String password = "changeit-" + System.nanoTime();
    Process keytool = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "basalt", "-keyalg", "RSA", "-keysize", "2048",
        "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", keystore.toString(),
        "-storepass", password, "-keypass", password)
        .redirectErrorStream(true).start();
    String keytoolOutput = new String(keytool.getInputStream().readAllBytes());
    assertTrue(keytool.waitFor(60, TimeUnit.SECONDS), keytoolOutput);
    assertEquals(0, keytool.exitValue(), keytoolOutput);
    Path passwordFile = Files.writeString(work.resolve("tls-password"), password + "\n");
    Path users = Files.writeString(work.resolve("users"), "alice:wonderland\n");

    try (ServerProcess server = ServerProcess.start(data, "512m", "--users", users.toString(),
        "--tls-keystore", keystore.toString(), "--tls-password-file", passwordFile.toString())) {
      assertTrue(server.output().contains("listening on https://"), server.output());
      String trust = ";truststore=" + keystore + ";truststore_password=" + password
          + ";keystore_type=PKCS12";
      try (Connection c = DriverManager.getConnection(server.jdbcUrl("alice", "wonderland") + trust);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select count(*) from region")) {
        assertTrue(rs.next());
        assertEquals(5, rs.getLong(1));
      }
      assertThrows(SQLException.class, () -> DriverManager.getConnection(
          server.jdbcUrl("alice", "wrong") + trust).close());
      // Not tested: plain http:// to the TLS port. Avatica's HTTP client retries that
      // without end instead of failing.
    }
  }

  @Test
  void halfATlsSetupIsAUsageError() throws Exception {
    Path users = Files.writeString(work.resolve("users"), "alice:wonderland\n");
    var result = ServerProcess.runToExit(work, "--users", users.toString(),
        "--tls-keystore", work.resolve("missing.p12").toString());
    assertEquals(2, result.getKey(), result.getValue());
    assertTrue(result.getValue().contains("--tls-keystore and --tls-password-file go together"),
        result.getValue());
  }
}
