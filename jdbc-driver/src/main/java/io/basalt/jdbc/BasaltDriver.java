package io.basalt.jdbc;

import io.basalt.engine.BasaltEngine;
import io.basalt.planner.BasaltPrepare;
import io.basalt.planner.catalog.DataRootSchema;
import io.basalt.planner.catalog.InformationSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.avatica.Handler;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.Driver;
import org.apache.calcite.schema.SchemaPlus;

/**
 * Basalt's in-process JDBC driver: {@code jdbc:basalt:/path/to/data[;key=value...]} (see {@link
 * ConnectionSettings} for the keys). Each connection owns one {@link BasaltEngine} — memory pool and
 * footer cache — mounted as the default schema {@value DataRootSchema#NAME}, and closed with the
 * connection.
 *
 * <p>Built on Calcite's driver: Calcite parses, validates and plans (with Basalt's rules from {@link
 * BasaltPrepare}), and Avatica provides the JDBC objects.
 */
public final class BasaltDriver extends Driver {
  static {
    // Java 24+ disables Netty's use of sun.misc.Unsafe by default, and Arrow's Netty allocator
    // then fails in its static initializer (EmptyByteBuf.memoryAddress). Opt back in unless the
    // user decided otherwise; a no-op on Java 17 to 23. Must run before Netty's classes load.
    if (System.getProperty("io.netty.noUnsafe") == null) {
      System.setProperty("io.netty.noUnsafe", "false");
    }
    // Calcite types string literals as ISO-8859-1 unless told otherwise, and then refuses
    // WHERE name = '中文'. Parquet text is UTF-8; so are Basalt's literals.
    if (System.getProperty("calcite.default.charset") == null) {
      System.setProperty("calcite.default.charset", "UTF-8");
      System.setProperty("calcite.default.nationalcharset", "UTF-8");
      System.setProperty("calcite.default.collation.name", "UTF-8$en_US");
    }
    // Arrow checks the bounds of every buffer access unless told otherwise; the engine's typed
    // loops pay for that on every value. Basalt's own tests keep the checks on (the build sets the
    // property to false), so out-of-bounds bugs still fail there; users get the fast path. Must run
    // before Arrow's BoundsChecking class loads.
    if (System.getProperty("arrow.enable_unsafe_memory_access") == null) {
      System.setProperty("arrow.enable_unsafe_memory_access", "true");
    }
    // Calcite compiles the Java it generates for each statement with Janino; queries of the same
    // shape generate the same code (plans are stashed, not inlined), so a cache of compiled
    // classes saves most of that on every later statement.
    if (System.getProperty("calcite.bindable.cache.maxSize") == null) {
      System.setProperty("calcite.bindable.cache.maxSize", "1000");
    }
    new BasaltDriver().register();
  }

  public BasaltDriver() {
    super(BasaltPrepare::new);
  }

  @Override
  protected String getConnectStringPrefix() {
    return ConnectionSettings.PREFIX;
  }

  @Override
  protected DriverVersion createDriverVersion() {
    return new DriverVersion("Basalt JDBC Driver", "0.1.0", "Basalt", "0.1.0", true, 0, 1, 0, 1);
  }

  @Override
  protected String getFactoryClassName(JdbcVersion jdbcVersion) {
    return "org.apache.calcite.jdbc.BasaltJdbcFactory";
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (url == null || !acceptsURL(url)) {
      return null;
    }
    ConnectionSettings settings = ConnectionSettings.parse(url, info);
    Connection connection = super.connect(ConnectionSettings.PREFIX, settings.calciteProperties());
    BasaltEngine engine = new BasaltEngine(settings.engineConfig());
    try {
      CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
      SchemaPlus root = calcite.getRootSchema();
      root.add(DataRootSchema.NAME, new DataRootSchema(settings.dataRoot(), engine, settings.sandbox(),
          settings.engineSettings()));
      root.add(InformationSchema.NAME, new InformationSchema(root));
      calcite.setSchema(DataRootSchema.NAME);
      return connection;
    } catch (SQLException | RuntimeException e) {
      connection.close();
      engine.close();
      throw e;
    }
  }

  @Override
  protected Handler createHandler() {
    Handler calcite = super.createHandler();
    return new Handler() {
      @Override
      public void onConnectionInit(AvaticaConnection connection) throws SQLException {
        calcite.onConnectionInit(connection);
      }

      @Override
      public void onConnectionClose(AvaticaConnection connection) {
        try {
          calcite.onConnectionClose(connection);
        } finally {
          closeEngine(connection);
        }
      }

      @Override
      public void onStatementExecute(AvaticaStatement statement, ResultSink resultSink) {
        calcite.onStatementExecute(statement, resultSink);
      }

      @Override
      public void onStatementClose(AvaticaStatement statement) {
        calcite.onStatementClose(statement);
      }
    };
  }

  private static void closeEngine(AvaticaConnection connection) {
    try {
      SchemaPlus schema = connection.unwrap(CalciteConnection.class).getRootSchema()
          .getSubSchema(DataRootSchema.NAME);
      if (schema != null) {
        schema.unwrap(DataRootSchema.class).engine().close();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot close the connection's engine", e);
    }
  }

}
