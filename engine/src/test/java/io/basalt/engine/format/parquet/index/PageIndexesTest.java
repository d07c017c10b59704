package io.basalt.engine.format.parquet.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.engine.format.parquet.ParquetFileMetadata;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.format.BoundaryOrder;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnIndex;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.OffsetIndex;
import org.apache.parquet.format.PageLocation;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Type;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PageIndexes} on files written by parquet-java, and on corrupt index pointers. */
class PageIndexesTest {
  @TempDir static Path dir;
  private static Path file;

  @BeforeAll
  static void writeFile() throws Exception {
    file = dir.resolve("parquet-java.parquet");
    ParquetJavaIndexedFile.write(file);
  }

  @Test
  void indexesEqualWhatParquetJavaReads() throws Exception {
    List<RowGroup> ourGroups = ParquetFileMetadata.read(file).thrift().getRow_groups();
    int compared = 0;
    try (ParquetFileReader reader = ParquetJava.open(file);
        FileChannel channel = FileChannel.open(file)) {
      assertTrue(reader.getRowGroups().size() > 1, "want several row groups");
      for (int g = 0; g < reader.getRowGroups().size(); g++) {
        BlockMetaData block = reader.getRowGroups().get(g);
        PageIndexes.RowGroupIndexes together = PageIndexes.readRowGroup(channel, ourGroups.get(g));
        for (int c = 0; c < block.getColumns().size(); c++) {
          ColumnChunkMetaData theirChunk = block.getColumns().get(c);
          ColumnChunk ourChunk = ourGroups.get(g).getColumns().get(c);
          String where = theirChunk.getPath().toDotString() + " in row group " + g;

          var theirIndex = reader.readColumnIndex(theirChunk);
          ColumnIndex ourIndex = PageIndexes.readColumnIndex(channel, ourChunk);
          assertNotNull(theirIndex, where);
          assertNotNull(ourIndex, where);
          assertEquals(theirIndex.getNullPages(), ourIndex.getNull_pages(), where);
          assertEquals(theirIndex.getNullCounts(), ourIndex.getNull_counts(), where);
          assertEquals(theirIndex.getBoundaryOrder().name(), ourIndex.getBoundary_order().name(),
              where);
          assertEquals(theirIndex.getMinValues(), ourIndex.getMin_values(), where);
          assertEquals(theirIndex.getMaxValues(), ourIndex.getMax_values(), where);

          var theirOffsets = reader.readOffsetIndex(theirChunk);
          OffsetIndex ourOffsets = PageIndexes.readOffsetIndex(channel, ourChunk);
          assertEquals(theirOffsets.getPageCount(), ourOffsets.getPage_locationsSize(), where);
          assertTrue(ourOffsets.getPage_locationsSize() >= 4, where + ": want several pages");
          for (int p = 0; p < theirOffsets.getPageCount(); p++) {
            PageLocation location = ourOffsets.getPage_locations().get(p);
            assertEquals(theirOffsets.getOffset(p), location.getOffset(), where);
            assertEquals(theirOffsets.getCompressedPageSize(p), location.getCompressed_page_size(),
                where);
            assertEquals(theirOffsets.getFirstRowIndex(p), location.getFirst_row_index(), where);
          }
          assertEquals(ourIndex, together.columnIndexes().get(c), where);
          assertEquals(ourOffsets, together.offsetIndexes().get(c), where);
          compared++;
        }
      }
    }
    assertTrue(compared >= 16, compared + " chunks compared");
  }

  @Test
  void absentIndexesReadAsNull() throws Exception {
    ColumnChunk chunk = chunk("x");
    try (FileChannel channel = FileChannel.open(file)) {
      assertNull(PageIndexes.readColumnIndex(channel, chunk));
      assertNull(PageIndexes.readOffsetIndex(channel, chunk));
      RowGroup group = new RowGroup(List.of(chunk), 0, 0);
      PageIndexes.RowGroupIndexes both = PageIndexes.readRowGroup(channel, group);
      assertEquals(Arrays.asList((ColumnIndex) null), both.columnIndexes());
      assertEquals(Arrays.asList((OffsetIndex) null), both.offsetIndexes());
    }
  }

  @Test
  void offsetsOutsideTheFileAreRejected() throws Exception {
    long size = Files.size(file);
    ColumnChunk chunk = chunk("price");
    chunk.setColumn_index_offset(size - 10);
    chunk.setColumn_index_length(20);
    chunk.setOffset_index_offset(-5);
    chunk.setOffset_index_length(20);
    try (FileChannel channel = FileChannel.open(file)) {
      ParquetIndexException beyond = assertThrows(ParquetIndexException.class,
          () -> PageIndexes.readColumnIndex(channel, chunk));
      assertTrue(beyond.getMessage().startsWith("column index of column 'price' claims bytes ["
          + (size - 10) + ", " + (size + 10) + ") but the file has " + size + " bytes"),
          beyond.getMessage());
      ParquetIndexException negative = assertThrows(ParquetIndexException.class,
          () -> PageIndexes.readOffsetIndex(channel, chunk));
      assertTrue(negative.getMessage().startsWith("offset index of column 'price'"),
          negative.getMessage());
      assertThrows(ParquetIndexException.class,
          () -> PageIndexes.readRowGroup(channel, new RowGroup(List.of(chunk), 0, 0)));
      // Regression: offset + length overflowed to a negative number and passed the check.
      ColumnChunk huge = chunk("huge");
      huge.setColumn_index_offset(Long.MAX_VALUE - 5);
      huge.setColumn_index_length(20);
      assertThrows(ParquetIndexException.class, () -> PageIndexes.readColumnIndex(channel, huge));
      huge.getMeta_data().setBloom_filter_offset(Long.MAX_VALUE - 5);
      huge.getMeta_data().setBloom_filter_length(20);
      assertThrows(ParquetIndexException.class,
          () -> ParquetBloomFilter.read(channel, huge.getMeta_data()));
    }
  }

  @Test
  void garbageAndInconsistentIndexesAreRejected() throws Exception {
    Path bad = dir.resolve("bad.bin");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write("PAR1".getBytes(StandardCharsets.US_ASCII));
    byte[] garbage = new byte[40];
    Arrays.fill(garbage, (byte) 0xFF);
    bytes.write(garbage);
    int indexStart = bytes.size();
    // Two null_pages but one min and one max value.
    ColumnIndex inconsistent = new ColumnIndex(List.of(false, false),
        List.of(ByteBuffer.wrap(new byte[] {1})), List.of(ByteBuffer.wrap(new byte[] {2})),
        BoundaryOrder.ASCENDING);
    Util.writeColumnIndex(inconsistent, bytes);
    int offsetStart = bytes.size();
    Util.writeOffsetIndex(new OffsetIndex(new ArrayList<>(List.of(
        new PageLocation(4, 10, 0), new PageLocation(14, 10, 0)))), bytes);
    int end = bytes.size();
    Files.write(bad, bytes.toByteArray());

    try (FileChannel channel = FileChannel.open(bad)) {
      ColumnChunk garbageChunk = chunk("g");
      garbageChunk.setColumn_index_offset(4);
      garbageChunk.setColumn_index_length(40);
      ParquetIndexException parse = assertThrows(ParquetIndexException.class,
          () -> PageIndexes.readColumnIndex(channel, garbageChunk));
      assertTrue(parse.getMessage().startsWith(
          "column index of column 'g' at bytes [4, 44) does not parse"), parse.getMessage());

      ColumnChunk inconsistentChunk = chunk("i");
      inconsistentChunk.setColumn_index_offset(indexStart);
      inconsistentChunk.setColumn_index_length(offsetStart - indexStart);
      inconsistentChunk.setOffset_index_offset(offsetStart);
      inconsistentChunk.setOffset_index_length(end - offsetStart);
      ParquetIndexException lists = assertThrows(ParquetIndexException.class,
          () -> PageIndexes.readColumnIndex(channel, inconsistentChunk));
      assertTrue(lists.getMessage().contains("has lists of different lengths (2 null_pages, 1"),
          lists.getMessage());
      ParquetIndexException rows = assertThrows(ParquetIndexException.class,
          () -> PageIndexes.readOffsetIndex(channel, inconsistentChunk));
      assertTrue(rows.getMessage().contains("gives page 1 first row 0 after 0 (must increase)"),
          rows.getMessage());
    }
  }

  /** Indexes further apart than the coalescing limit are fetched one by one, with equal results. */
  @Test
  void farApartIndexesAreReadSeparately() throws Exception {
    Path far = dir.resolve("far.bin");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write("PAR1".getBytes(StandardCharsets.US_ASCII));
    ColumnIndex index = new ColumnIndex(List.of(false), List.of(ByteBuffer.wrap(new byte[] {1})),
        List.of(ByteBuffer.wrap(new byte[] {2})), BoundaryOrder.ASCENDING);
    index.setNull_counts(List.of(0L));
    Util.writeColumnIndex(index, bytes);
    int indexEnd = bytes.size();
    bytes.write(new byte[(int) PageIndexes.MAX_COALESCED_GAP_BYTES + 1]);
    int offsetStart = bytes.size();
    OffsetIndex offsets = new OffsetIndex(List.of(new PageLocation(4, 10, 0)));
    Util.writeOffsetIndex(offsets, bytes);
    Files.write(far, bytes.toByteArray());
    ColumnChunk chunk = chunk("far");
    chunk.setColumn_index_offset(4);
    chunk.setColumn_index_length(indexEnd - 4);
    chunk.setOffset_index_offset(offsetStart);
    chunk.setOffset_index_length(bytes.size() - offsetStart);
    try (FileChannel channel = FileChannel.open(far)) {
      PageIndexes.RowGroupIndexes both =
          PageIndexes.readRowGroup(channel, new RowGroup(List.of(chunk), 0, 1));
      assertEquals(List.of(index), both.columnIndexes());
      assertEquals(List.of(offsets), both.offsetIndexes());
    }
  }

  static ColumnChunk chunk(String name) {
    ColumnChunk chunk = new ColumnChunk(4);
    chunk.setMeta_data(new ColumnMetaData(Type.INT32, List.of(), List.of(name),
        CompressionCodec.UNCOMPRESSED, 0, 0, 0, 4));
    return chunk;
  }
}
