package io.basalt.jdbc.remote;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Collections;
import java.util.Properties;
import org.apache.calcite.avatica.DriverVersion;

/**
 * The client for {@code bin/basalt serve}: Avatica's remote driver ({@code
 * jdbc:avatica:remote:url=http://host:port;serialization=PROTOBUF;...}, all of Avatica's URL
 * properties) plus what Avatica's protocol lacks: {@link java.sql.Statement#cancel()} and {@link
 * java.sql.Statement#setQueryTimeout} stop the query on the server (see {@link CancelProtocol}).
 * Against a plain Avatica server the cancel request fails quietly and only the client stops
 * reading, as with Avatica's own driver.
 *
 * <p>It takes the {@code jdbc:avatica:remote:} prefix over from Avatica's driver: loading this
 * class loads its superclass, whose static initializer registers Avatica's driver first, and {@link
 * DriverManager} would hand every connection to that one. So Avatica's instance is deregistered.
 */
public final class BasaltRemoteDriver extends org.apache.calcite.avatica.remote.Driver {
  static {
    for (Driver driver : Collections.list(DriverManager.getDrivers())) {
      if (driver.getClass() == org.apache.calcite.avatica.remote.Driver.class) {
        try {
          DriverManager.deregisterDriver(driver);
        } catch (SQLException | SecurityException e) {
          // Keep going: Avatica's driver still works, only without server-side cancel.
        }
      }
    }
    new BasaltRemoteDriver().register();
  }

  public BasaltRemoteDriver() {
    super();
  }

  @Override
  protected DriverVersion createDriverVersion() {
    return new DriverVersion("Basalt Remote JDBC Driver", "0.1.0", "Basalt", "0.1.0", true,
        0, 1, 0, 1);
  }

  /**
   * As Avatica's, but a server that cannot be reached or refuses the credentials is an
   * SQLException saying so (Avatica throws a bare RuntimeException "got HTTP/401").
   */
  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    try {
      return super.connect(url, info);
    } catch (RuntimeException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("HTTP/401")) {
        throw new SQLInvalidAuthorizationSpecException("the server refused the credentials "
            + "(HTTP 401): give authentication=BASIC;avatica_user=NAME;avatica_password=PASSWORD"
            + " in the URL, as listed in the server's users file", "28000", e);
      }
      throw new SQLNonTransientConnectionException("cannot connect to the Basalt server ("
          + message + "); is it running, and is url=http://host:port right?", "08001", e);
    }
  }

  @Override
  protected String getFactoryClassName(JdbcVersion jdbcVersion) {
    return RemoteJdbcFactory.class.getName();
  }
}
