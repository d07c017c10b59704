package io.basalt.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.basalt.engine.format.parquet.ParquetFileMetadata;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Keeps {@link ParquetDecodeBenchmark} honest: its body, run once on small data, decodes every value. */
class ParquetDecodeBenchmarkTest {
  /** More than one batch, and not a multiple of the batch size. */
  private static final int ROWS = DecodeFixture.BATCH_ROWS + 4_321;

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(DecodeColumn.class)
  void benchmarkBodyDecodesTheGeneratedValues(DecodeColumn column) throws Exception {
    ParquetDecodeBenchmark benchmark = new ParquetDecodeBenchmark();
    benchmark.column = column;
    benchmark.rows = ROWS;
    benchmark.writeFile();
    try {
      assertEquals(column.expectedChecksum(ROWS), benchmark.decode());
    } finally {
      benchmark.deleteFile();
    }
  }

  @ParameterizedTest
  @EnumSource(DecodeColumn.class)
  void fixtureWritesTheEncodingItNamesAndReleasesEveryBuffer(DecodeColumn column) throws Exception {
    try (BufferAllocator allocator = new RootAllocator()) {
      ParquetFileMetadata file =
          DecodeFixture.write(dir.resolve(column + ".parquet"), column, ROWS, allocator);
      assertEquals(1, file.rowGroupCount());
      assertEquals(ROWS, file.rowCount());
      boolean hasDictionaryPage = file.thrift().getRow_groups().get(0).getColumns().get(0)
          .getMeta_data().isSetDictionary_page_offset();
      assertEquals(column == DecodeColumn.DICTIONARY_STRING, hasDictionaryPage, column.name());
      assertEquals(column.expectedChecksum(ROWS), DecodeFixture.decode(file, column, allocator));
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }
}
