package io.basalt.engine.format.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.parquet.format.ColumnMetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken files fail with a {@link ParquetException} naming the file; never hang or crash. */
class ParquetBadInputTest {
  @TempDir Path dir;
  private RootAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory leaked");
    allocator.close();
  }

  private Path goodFile(String codec) throws Exception {
    try (DuckDbFiles duck = new DuckDbFiles()) {
      return duck.write(dir.resolve("good_" + codec + ".parquet"),
          "SELECT CAST(i AS INTEGER) AS a, 'text' || i AS s, CAST(i AS DOUBLE) AS d "
              + "FROM range(20000) t(i)", "COMPRESSION " + codec);
    }
  }

  private static void assertNamesFile(Path file, ParquetException e, String... fragments) {
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
  }

  @Test
  void missingFile() {
    Path file = dir.resolve("nope.parquet");
    ParquetException e = assertThrows(ParquetException.class, () -> ParquetFileMetadata.read(file));
    assertNamesFile(file, e, "not found");
  }

  @Test
  void textFileNamedParquet() throws Exception {
    Path file = Files.writeString(dir.resolve("notes.parquet"), "this is just some text\n");
    ParquetException e = assertThrows(ParquetException.class, () -> ParquetFileMetadata.read(file));
    assertNamesFile(file, e, "bad magic");
  }

  @Test
  void tooShortFile() throws Exception {
    Path file = Files.write(dir.resolve("short.parquet"), "PAR1PAR1".getBytes());
    ParquetException e = assertThrows(ParquetException.class, () -> ParquetFileMetadata.read(file));
    assertNamesFile(file, e, "too short");
  }

  @Test
  void truncatedFile() throws Exception {
    Path good = goodFile("snappy");
    byte[] bytes = Files.readAllBytes(good);
    Path file = Files.write(dir.resolve("truncated.parquet"),
        Arrays.copyOf(bytes, bytes.length / 2));
    ParquetException e = assertThrows(ParquetException.class, () -> ParquetFileMetadata.read(file));
    assertNamesFile(file, e);
  }

  @Test
  void footerLengthBeyondFile() throws Exception {
    byte[] bytes = Files.readAllBytes(goodFile("snappy"));
    bytes[bytes.length - 5] = 0x7F; // footer length's high byte
    Path file = Files.write(dir.resolve("badlen.parquet"), bytes);
    ParquetException e = assertThrows(ParquetException.class, () -> ParquetFileMetadata.read(file));
    assertNamesFile(file, e, "truncated footer");
  }

  @Test
  void garbageFooter() throws Exception {
    byte[] bytes = Files.readAllBytes(goodFile("snappy"));
    int footerLength = (bytes[bytes.length - 8] & 0xFF) | (bytes[bytes.length - 7] & 0xFF) << 8
        | (bytes[bytes.length - 6] & 0xFF) << 16;
    Arrays.fill(bytes, bytes.length - 8 - footerLength, bytes.length - 8, (byte) 0xFF);
    Path file = Files.write(dir.resolve("badfooter.parquet"), bytes);
    ParquetException e = assertThrows(ParquetException.class, () -> ParquetFileMetadata.read(file));
    assertNamesFile(file, e, "footer");
  }

  @Test
  void corruptPageHeaderNamesFileRowGroupAndColumn() throws Exception {
    Path good = goodFile("snappy");
    ParquetFileMetadata meta = ParquetFileMetadata.read(good);
    ColumnMetaData chunk = meta.thrift().getRow_groups().get(0).getColumns().get(1).getMeta_data();
    long start = chunk.isSetDictionary_page_offset() && chunk.getDictionary_page_offset() > 0
        ? chunk.getDictionary_page_offset() : chunk.getData_page_offset();
    byte[] bytes = Files.readAllBytes(good);
    Arrays.fill(bytes, (int) start, (int) start + 12, (byte) 0xFF);
    Path file = Files.write(dir.resolve("badheader.parquet"), bytes);
    ParquetFileMetadata corrupt = ParquetFileMetadata.read(file);
    ParquetException e = assertThrows(ParquetException.class,
        () -> assertTimeoutPreemptively(Duration.ofSeconds(20), () -> readAll(corrupt)));
    assertNamesFile(file, e, "row group 0", "column s");
  }

  /**
   * Random damage inside column chunks: each read must either finish (damage the format cannot
   * detect, e.g. inside PLAIN numbers) or fail with a ParquetException naming the file, in
   * bounded time, without leaking Arrow memory.
   */
  @Test
  void randomCorruptionInsideChunksFailsCleanly() throws Exception {
    Random random = new Random(1234);
    for (String codec : new String[] {"uncompressed", "snappy", "zstd", "gzip"}) {
      Path good = goodFile(codec);
      ParquetFileMetadata meta = ParquetFileMetadata.read(good);
      byte[] original = Files.readAllBytes(good);
      int dataEnd = (int) (original.length - 8 - footerLength(original));
      int failures = 0;
      for (int trial = 0; trial < 40; trial++) {
        byte[] bytes = original.clone();
        int at = 4 + random.nextInt(dataEnd - 4 - 16);
        for (int k = 0; k < 1 + random.nextInt(16); k++) {
          bytes[at + k] = (byte) random.nextInt(256);
        }
        Path file = Files.write(dir.resolve("damaged_" + codec + trial + ".parquet"), bytes);
        ParquetFileMetadata damaged = ParquetFileMetadata.read(file);
        try {
          assertTimeoutPreemptively(Duration.ofSeconds(20), () -> readAll(damaged));
        } catch (Exception e) {
          if (!(e instanceof ParquetException)) {
            throw e;
          }
          failures++;
          assertNamesFile(file, (ParquetException) e, "row group 0", "column");
        }
      }
      assertTrue(meta.rowCount() > 0);
      assertTrue(failures > 0, codec + ": some damage must be detected");
    }
  }

  private static int footerLength(byte[] bytes) {
    int n = bytes.length;
    return (bytes[n - 8] & 0xFF) | (bytes[n - 7] & 0xFF) << 8 | (bytes[n - 6] & 0xFF) << 16
        | (bytes[n - 5] & 0xFF) << 24;
  }

  private long readAll(ParquetFileMetadata meta) throws ParquetException {
    long rows = 0;
    for (int g = 0; g < meta.rowGroupCount(); g++) {
      try (ParquetRowGroupReader reader =
          new ParquetRowGroupReader(meta, g, meta.columns(), allocator)) {
        VectorSchemaRoot batch;
        while ((batch = reader.next(4096)) != null) {
          rows += batch.getRowCount();
          batch.close();
        }
      }
    }
    return rows;
  }

  @Test
  void rowGroupOutOfRange() throws Exception {
    ParquetFileMetadata meta = ParquetFileMetadata.read(goodFile("snappy"));
    ParquetException e = assertThrows(ParquetException.class,
        () -> new ParquetRowGroupReader(meta, 99, meta.columns(), allocator));
    assertTrue(e.getMessage().contains("row group 99 does not exist"));
  }
}
