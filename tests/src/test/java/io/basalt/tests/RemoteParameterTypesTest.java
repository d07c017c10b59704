package io.basalt.tests;

import io.basalt.tests.server.ServerProcess;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.AfterAll;

/**
 * {@link ParameterTypesTest} with the parameters sent over the wire: {@code basalt serve} in its
 * own JVM, this JVM connected through {@code jdbc:avatica:remote:} (protobuf).
 */
class RemoteParameterTypesTest extends ParameterTypesTest {
  private ServerProcess server;

  @Override
  Connection connect(Path folder) throws Exception {
    server = ServerProcess.start(folder, "512m", "--no-auth");
    return DriverManager.getConnection(server.jdbcUrl(null, null));
  }

  @Override
  @AfterAll // an overriding method is not run as @AfterAll unless annotated again
  void tearDown() throws Exception {
    try {
      super.tearDown();
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }
}
