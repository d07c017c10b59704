package io.basalt.engine.format.parquet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.RowGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks that the DuckDB files of {@link ParquetReaderDuckDbTest} really exercise what they are
 * meant to: both dictionary and PLAIN pages.
 */
class PageLayoutTest {
  @TempDir Path dir;

  @Test
  void duckDbFilesHaveDictionaryAndPlainPages() throws Exception {
    Path file;
    try (DuckDbFiles duck = new DuckDbFiles()) {
      duck.execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
      file = duck.write(dir.resolve("all.parquet"),
          ParquetReaderDuckDbTest.select(ParquetReaderDuckDbTest.ALL_TYPES, 3000, 7),
          "COMPRESSION snappy, ROW_GROUP_SIZE 1000");
    }
    ParquetFileMetadata meta = ParquetFileMetadata.read(file);
    Set<Encoding> encodings = EnumSet.noneOf(Encoding.class);
    int maxPages = 0;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      for (RowGroup group : meta.thrift().getRow_groups()) {
        for (var chunk : group.getColumns()) {
          ColumnChunkReader reader =
              new ColumnChunkReader(channel, meta.fileSize(), chunk.getMeta_data());
          int pages = 0;
          Page page;
          while ((page = reader.next()) != null) {
            encodings.add(page.valueEncoding);
            pages += page.kind == Page.Kind.DICTIONARY ? 0 : 1;
          }
          maxPages = Math.max(maxPages, pages);
        }
      }
    }
    assertTrue(encodings.contains(Encoding.PLAIN), encodings.toString());
    assertTrue(encodings.contains(Encoding.RLE_DICTIONARY), encodings.toString());
    // DuckDB writes one data page per chunk; SyntheticPagesTest covers multi-page chunks.
    assertTrue(maxPages >= 1);
  }

  @Test
  void duckDbV2FilesUseDeltaEncodings() throws Exception {
    Path file;
    try (DuckDbFiles duck = new DuckDbFiles()) {
      duck.execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
      file = duck.write(dir.resolve("v2.parquet"),
          ParquetReaderDuckDbTest.select(ParquetReaderDuckDbTest.ALL_TYPES, 3000, 7),
          "COMPRESSION zstd, ROW_GROUP_SIZE 1000, PARQUET_VERSION v2");
    }
    ParquetFileMetadata meta = ParquetFileMetadata.read(file);
    Set<Encoding> encodings = EnumSet.noneOf(Encoding.class);
    Set<Page.Kind> kinds = EnumSet.noneOf(Page.Kind.class);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      for (RowGroup group : meta.thrift().getRow_groups()) {
        for (var chunk : group.getColumns()) {
          ColumnChunkReader reader =
              new ColumnChunkReader(channel, meta.fileSize(), chunk.getMeta_data());
          Page page;
          while ((page = reader.next()) != null) {
            encodings.add(page.valueEncoding);
            kinds.add(page.kind);
          }
        }
      }
    }
    // DuckDB's v2 keeps data page v1 headers; SyntheticPagesTest covers data page v2.
    assertTrue(kinds.contains(Page.Kind.DATA_V1), kinds.toString());
    assertTrue(encodings.contains(Encoding.DELTA_BINARY_PACKED), encodings.toString());
  }
}
