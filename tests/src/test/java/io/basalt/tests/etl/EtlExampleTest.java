package io.basalt.tests.etl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's ETL example at a small scale, the same statements as the acceptance run
 * ({@code tests/etl-acceptance.sh}): Basalt's partitioned Parquet output holds exactly DuckDB's
 * answer.
 */
class EtlExampleTest {
  @TempDir
  Path dir;

  @Test
  void basaltWritesTheSameAnswerAsDuckDb() throws Exception {
    Path data = dir.resolve("raw");
    long inputRows = EtlDataGenerator.generate(data, 4, 150_000);
    Path basaltOut = dir.resolve("out-basalt");
    Path duckOut = dir.resolve("out-duckdb");
    long written;
    try (Connection c = DriverManager.getConnection("jdbc:basalt:" + data + ";memory_limit=64MB;threads=2");
        Statement s = c.createStatement()) {
      written = s.executeUpdate(EtlExample.basalt("orders_*.csv", basaltOut.toString()));
    }
    assertTrue(Files.isDirectory(basaltOut.resolve("region=emea")));
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute(EtlExample.duckdb(data.resolve("orders_*.csv").toString(), duckOut.toString()));
      try (ResultSet rs = s.executeQuery(EtlExample.difference(basaltOut.toString(), duckOut.toString()))) {
        rs.next();
        assertEquals(0, rs.getLong(1), "rows that differ between Basalt's and DuckDB's output");
        assertEquals(written, rs.getLong(2));
        assertTrue(written > 8 * 300, "one row per region and day: " + written + " from " + inputRows);
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet('" + basaltOut
          + "/**/*.parquet') WHERE processed_at IS NULL")) {
        rs.next();
        assertEquals(0, rs.getLong(1));
      }
    }
  }
}
