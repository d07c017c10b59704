package io.basalt.engine.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.engine.format.parquet.ParquetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetDatasetTest {
  @TempDir
  Path dir;

  private void duck(String... statements) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  @Test
  void distinctBoundsComeFromFooterRanges() throws Exception {
    Files.createDirectories(dir.resolve("t"));
    duck("COPY (SELECT i AS k, i % 3 AS small, DATE '2024-01-01' + CAST(i % 7 AS INTEGER) AS d,"
            + " 'x' || i AS s FROM range(100, 150) t(i)) TO '" + dir.resolve("t/a.parquet")
            + "' (FORMAT parquet, ROW_GROUP_SIZE 10)",
        "COPY (SELECT i AS k, i % 3 AS small, DATE '2024-01-01' + CAST(i % 7 AS INTEGER) AS d,"
            + " 'x' || i AS s FROM range(150, 160) t(i)) TO '" + dir.resolve("t/b.parquet")
            + "' (FORMAT parquet)");
    ParquetDataset ds = ParquetDataset.ofPath("t", dir.resolve("t"), new MetadataCache());
    assertEquals(60, ds.rowCount());
    assertEquals(60, ds.distinctValuesBound(ds.columnIndex("k")), "100..159");
    assertEquals(3, ds.distinctValuesBound(ds.columnIndex("small")), "0..2");
    assertEquals(7, ds.distinctValuesBound(ds.columnIndex("d")), "7 consecutive days");
    assertEquals(60, ds.distinctValuesBound(ds.columnIndex("s")), "strings: the row count");
  }

  @Test
  void partitionedDatasetsOpenOnlyTheirFirstFileUntilScanned() throws Exception {
    Files.createDirectories(dir.resolve("p/region=eu"));
    Files.createDirectories(dir.resolve("p/region=us"));
    Files.createDirectories(dir.resolve("p/region=zz"));
    duck("COPY (SELECT i AS k FROM range(100, 150) t(i)) TO '" + dir.resolve("p/region=eu/a.parquet")
            + "' (FORMAT parquet)",
        "COPY (SELECT i AS k FROM range(150, 200) t(i)) TO '" + dir.resolve("p/region=us/b.parquet")
            + "' (FORMAT parquet)");
    // Not a Parquet file at all: listing it is fine, only opening it would fail.
    Files.writeString(dir.resolve("p/region=zz/c.parquet"), "not parquet");
    ParquetDataset ds = ParquetDataset.ofPath("p", dir.resolve("p"), new MetadataCache());
    ParquetDataset.Listing eu = ds.listing(values -> "eu".equals(values.get(0)));
    assertEquals(1, eu.files().size());
    assertEquals(3, eu.partitionsTotal());
    assertEquals(2, eu.partitionsSkipped(), "us and zz are never listed");
    assertTrue(ds.files().get(0).footerRead());
    assertFalse(ds.files().get(1).footerRead());
    assertFalse(ds.files().get(2).footerRead());
    assertEquals(3, ds.distinctValuesBound(ds.columnIndex("region")), "eu, us and zz");
    long estimate = ds.rowCount();
    assertTrue(estimate > 50 && estimate < 1000, "an estimate from file sizes: " + estimate);
    assertFalse(ds.files().get(2).footerRead(), "estimating must not open files");
    assertEquals(50, ds.files().get(1).metadata().rowCount());
    java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
        () -> ds.files().get(2).metadata());
    assertTrue(e.getMessage().contains("c.parquet"), e.getMessage());
  }

  @Test
  void allNullAndMissingColumnsAddNoValues() throws Exception {
    Files.createDirectories(dir.resolve("m"));
    duck("COPY (SELECT 1 AS a, CAST(NULL AS BIGINT) AS n FROM range(5)) TO '"
            + dir.resolve("m/f1.parquet") + "' (FORMAT parquet)",
        "COPY (SELECT 4 AS a FROM range(5)) TO '" + dir.resolve("m/f2.parquet") + "' (FORMAT parquet)");
    ParquetDataset ds = ParquetDataset.ofPath("m", dir.resolve("m"), new MetadataCache());
    assertEquals(4, ds.distinctValuesBound(ds.columnIndex("a")), "1..4");
    assertEquals(0, ds.distinctValuesBound(ds.columnIndex("n")));
  }

  @Test
  void typeConflictNamesBothFiles() throws Exception {
    Files.createDirectories(dir.resolve("c"));
    duck("COPY (SELECT 1 AS a) TO '" + dir.resolve("c/f1.parquet") + "' (FORMAT parquet)",
        "COPY (SELECT 'x' AS a) TO '" + dir.resolve("c/f2.parquet") + "' (FORMAT parquet)");
    ParquetException e = assertThrows(ParquetException.class,
        () -> ParquetDataset.ofPath("c", dir.resolve("c"), new MetadataCache()));
    assertTrue(e.getMessage().contains("f1.parquet") && e.getMessage().contains("f2.parquet"),
        e.getMessage());
  }
}
