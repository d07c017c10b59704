package io.basalt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.Arguments;
import java.util.stream.Stream;

/**
 * A {@code ?} parameter of every supported SQL type binds, compares and reads back: for each
 * column, {@code WHERE col = ?} matches exactly the one row holding the bound value, and {@code
 * SELECT ?} returns it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParameterTypesTest {
  @TempDir
  static Path data;

  private Connection conn;

  @BeforeAll
  void setUp() throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("COPY (SELECT i % 2 = 0 AS b, CAST(i AS TINYINT) AS i8, CAST(i * 100 AS SMALLINT) AS i16,"
          + " CAST(i * 100000 AS INTEGER) AS i32, CAST(i AS BIGINT) * 10000000000 AS i64,"
          + " CAST(i + 0.5 AS REAL) AS f32, CAST(i + 0.25 AS DOUBLE) AS f64,"
          + " CAST(i * 1.01 AS DECIMAL(9,2)) AS amount, 'text ' || i AS s,"
          + " DATE '2024-03-01' + CAST(i AS INTEGER) AS d,"
          + " TIME '10:00:00' + INTERVAL (i) MINUTE AS t,"
          + " TIMESTAMP '2024-03-01 12:00:00' + INTERVAL (i) HOUR AS ts"
          + " FROM range(1, 4) r(i)) TO '" + data.resolve("typed.parquet") + "' (FORMAT parquet)");
    }
    conn = connect(data);
  }

  /** The connection the parameters go through; {@link RemoteParameterTypesTest} sends them over HTTP. */
  Connection connect(Path folder) throws Exception {
    return DriverManager.getConnection("jdbc:basalt:" + folder);
  }

  @AfterAll
  void tearDown() throws Exception {
    conn.close();
  }

  static Stream<Arguments> values() {
    return Stream.of(
        Arguments.of("i8", (byte) 2),
        Arguments.of("i16", (short) 200),
        Arguments.of("i32", 200000),
        Arguments.of("i64", 20000000000L),
        Arguments.of("f32", 2.5f),
        Arguments.of("f64", 2.25d),
        Arguments.of("amount", new BigDecimal("2.02")),
        Arguments.of("s", "text 2"),
        Arguments.of("d", LocalDate.of(2024, 3, 3)),
        Arguments.of("t", LocalTime.of(10, 2)),
        Arguments.of("ts", LocalDateTime.of(2024, 3, 1, 14, 0)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  void parameterMatchesExactlyOneRow(String column, Object value) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(
        "select count(*), min(i8) from typed where " + column + " = ?")) {
      ps.setObject(1, value);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(1, rs.getLong(1), column + " = " + value);
        assertEquals(2, rs.getInt(2));
      }
    }
  }

  @org.junit.jupiter.api.Test
  void booleanParameter() throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("select count(*) from typed where b = ?")) {
      ps.setBoolean(1, true);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(1, rs.getLong(1));
      }
      ps.setBoolean(1, false);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(2, rs.getLong(1));
      }
    }
  }

  @org.junit.jupiter.api.Test
  void typedSettersAndNull() throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(
        "select count(*) from typed where i32 > ? and f64 < ? and s <> ? and d >= ? and amount <= ?")) {
      ps.setInt(1, 100000);
      ps.setDouble(2, 3.0);
      ps.setString(3, "nothing");
      ps.setDate(4, java.sql.Date.valueOf("2024-03-02"));
      ps.setBigDecimal(5, new BigDecimal("10"));
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(1, rs.getLong(1));
      }
    }
    try (PreparedStatement ps = conn.prepareStatement("select count(*) from typed where i64 = ?")) {
      ps.setNull(1, java.sql.Types.BIGINT);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(0, rs.getLong(1), "= NULL matches nothing");
      }
    }
  }
}
