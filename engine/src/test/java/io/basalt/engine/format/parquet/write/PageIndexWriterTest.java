package io.basalt.engine.format.parquet.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.apache.parquet.filter2.predicate.FilterApi.binaryColumn;
import static org.apache.parquet.filter2.predicate.FilterApi.eq;
import static org.apache.parquet.filter2.predicate.FilterApi.intColumn;
import static org.apache.parquet.filter2.predicate.FilterApi.longColumn;

import io.basalt.engine.format.parquet.ParquetFileMetadata;
import io.basalt.engine.format.parquet.index.PageIndexes;
import io.basalt.engine.format.parquet.index.ParquetJava;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.internal.column.columnindex.BoundaryOrder;
import org.apache.parquet.internal.column.columnindex.ColumnIndex;
import org.apache.parquet.internal.column.columnindex.ColumnIndexBuilder;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Page indexes written by {@link ParquetFileWriter}, read back by parquet-java: each column index
 * must equal the one parquet-java's own {@link ColumnIndexBuilder} computes from the values of each
 * page (pages as our offset index declares them), and parquet-java's page-level filtering must
 * use them.
 */
class PageIndexWriterTest {
  private static final int ROWS = 12_000;
  private static final int ROW_GROUP_ROWS = 5_000;

  @TempDir Path dir;
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    allocator.close();
  }

  /** Deterministic pseudo-random bits of a row (SplitMix64), so columns can be recomputed. */
  static long mix(long x) {
    long z = x * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static String longString(int row) {
    // Distinct within the first 64 bytes, so truncated bounds still tell pages apart.
    return String.format("%05d", row) + "x".repeat(80);
  }

  static List<ArrowBatches.Column> columns() {
    ArrowType int32 = new ArrowType.Int(32, true);
    ArrowType int64 = new ArrowType.Int(64, true);
    ArrowType float64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    ArrowType float32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    byte[] allOnes = new byte[70];
    Arrays.fill(allOnes, (byte) 0xFF);
    return List.of(
        new ArrowBatches.Column("k", int32, false, row -> row),
        new ArrowBatches.Column("desc", int64, true,
            row -> row % 7 == 0 ? null : (Object) ((long) (ROWS - row) * 1_000_000_007L)),
        new ArrowBatches.Column("rnd", int32, true,
            row -> row % 5 == 0 ? null : (Object) ((int) mix(row) % 1000)),
        // Rows 500-4 499 are null (all-null pages) and the second row group is entirely null.
        new ArrowBatches.Column("gaps", int64, true,
            row -> (row >= 500 && row < 4_500) || (row >= 5_000 && row < 10_000)
                ? null : (Object) mix(row)),
        // One NaN in the second row group: that chunk cannot have a column index.
        new ArrowBatches.Column("f64", float64, true,
            row -> row == 7_000 ? (Object) Double.NaN : row % 11 == 0 ? null
                : row % 13 == 0 ? (Object) (-0.0) : (Object) ((double) (mix(row) % 100_000) / 7)),
        // Only zeros of both signs: min must be -0.0 and max +0.0.
        new ArrowBatches.Column("zeros", float64, false, row -> row % 2 == 0 ? (Object) (-0.0) : (Object) 0.0),
        new ArrowBatches.Column("f32", float32, true,
            row -> row % 3 == 0 ? (Object) (-0.0f) : row % 3 == 1 ? null : (Object) ((float) (mix(row) % 1000) / 3)),
        new ArrowBatches.Column("dec9", new ArrowType.Decimal(9, 2, 128), true,
            row -> BigDecimal.valueOf(mix(row) % 10_000_000, 2)),
        new ArrowBatches.Column("dec18", new ArrowType.Decimal(18, 4, 128), true,
            row -> BigDecimal.valueOf(mix(row) % 100_000_000_000_000L, 4)),
        // 16-byte big-endian two's complement: negative values must sort before positive ones.
        new ArrowBatches.Column("dec38", new ArrowType.Decimal(38, 10, 128), true,
            row -> new BigDecimal(BigInteger.valueOf(mix(row)).multiply(BigInteger.valueOf(
                row - ROWS / 2)), 10)),
        new ArrowBatches.Column("date", new ArrowType.Date(DateUnit.DAY), true,
            row -> row % 9 == 0 ? null : (Object) (18_000 + row / 10)),
        new ArrowBatches.Column("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"), true,
            row -> 1_600_000_000_000_000L + mix(row) % 1_000_000_000_000L),
        new ArrowBatches.Column("str", ArrowType.Utf8.INSTANCE, true,
            row -> row % 17 == 0 ? null : "w" + (mix(row) & 0xFFF) + "é"),
        // Longer than the statistics limit: page bounds are truncated.
        new ArrowBatches.Column("longstr", ArrowType.Utf8.INSTANCE, false,
            PageIndexWriterTest::longString),
        // A 70-byte 0xFF value has no upper bound within 64 bytes: no column index there.
        new ArrowBatches.Column("ffbin", ArrowType.Binary.INSTANCE, false,
            row -> row == 2_500 ? allOnes : new byte[] {(byte) row, (byte) (row >> 8)}),
        new ArrowBatches.Column("fixed", new ArrowType.FixedSizeBinary(3), true,
            row -> new byte[] {(byte) (row >> 16), (byte) (row >> 8), (byte) row}),
        new ArrowBatches.Column("bool", ArrowType.Bool.INSTANCE, true,
            row -> row % 4 == 0 ? null : row < 6_000 ? Boolean.FALSE : (Boolean) (row % 2 == 0)));
  }

  private Path writeFile(ParquetWriteOptions options) throws Exception {
    Path file = dir.resolve("indexed.parquet");
    ArrowBatches.write(file, columns(), ROWS, options, allocator);
    return file;
  }

  private static ParquetWriteOptions smallPages(boolean dictionary) {
    return ParquetWriteOptions.defaults()
        .withRowGroupRows(ROW_GROUP_ROWS)
        // Small, so that a null-only page (closing after 1 600 rows) fits in the 4 000 null rows
        // of "gaps" after the page that overlaps their start.
        .withPageSizeBytes(200)
        .withDictionary(dictionary);
  }

  @ParameterizedTest(name = "dictionary={0}")
  @ValueSource(booleans = {true, false})
  void columnIndexesEqualParquetJavasOwnFromTheSamePages(boolean dictionary) throws Exception {
    Path file = writeFile(smallPages(dictionary));
    List<Group> rows = ParquetJava.readAll(file, FilterCompat.NOOP);
    assertEquals(ROWS, rows.size());
    int checked = 0;
    try (ParquetFileReader reader = ParquetJava.open(file)) {
      long firstRow = 0;
      for (BlockMetaData block : reader.getRowGroups()) {
        for (int c = 0; c < block.getColumns().size(); c++) {
          ColumnChunkMetaData chunk = block.getColumns().get(c);
          String name = chunk.getPath().toDotString();
          String where = name + " at row group starting at row " + firstRow;
          OffsetIndex offsets = reader.readOffsetIndex(chunk);
          assertNotNull(offsets, where);
          assertOffsetIndexMatchesPages(file, chunk, offsets, block.getRowCount(), where);
          assertTrue(offsets.getPageCount() > 1 || name.equals("zeros") || name.equals("bool"),
              where + ": too few pages to test anything: " + offsets.getPageCount());

          PrimitiveType type = chunk.getPrimitiveType();
          ColumnIndexBuilder reference = ColumnIndexBuilder.getBuilder(type, Integer.MAX_VALUE);
          boolean nan = false;
          for (int p = 0; p < offsets.getPageCount(); p++) {
            long from = offsets.getFirstRowIndex(p);
            long to = p + 1 < offsets.getPageCount()
                ? offsets.getFirstRowIndex(p + 1) : block.getRowCount();
            Statistics<?> stats = Statistics.createStats(type);
            for (long r = from; r < to; r++) {
              Object value = ParquetJava.value(rows.get((int) (firstRow + r)), c);
              nan |= value instanceof Double d && d.isNaN();
              update(stats, value);
            }
            reference.add(stats);
          }
          ColumnIndex expected = reference.build();
          ColumnIndex actual = reader.readColumnIndex(chunk);
          boolean unbounded = name.equals("ffbin") && firstRow == 0;
          if (nan || unbounded) {
            assertNull(actual, where + ": a page without exact bounds must drop the index");
            continue;
          }
          assertNotNull(expected, where);
          assertNotNull(actual, where);
          assertEquals(expected.getNullPages(), actual.getNullPages(), where);
          assertEquals(expected.getNullCounts(), actual.getNullCounts(), where);
          assertEquals(expected.getBoundaryOrder(), actual.getBoundaryOrder(), where);
          for (int p = 0; p < expected.getNullPages().size(); p++) {
            if (expected.getNullPages().get(p)) {
              continue;
            }
            byte[] min = bytes(expected.getMinValues().get(p));
            byte[] max = bytes(expected.getMaxValues().get(p));
            byte[] gotMin = bytes(actual.getMinValues().get(p));
            byte[] gotMax = bytes(actual.getMaxValues().get(p));
            if (name.equals("longstr")) {
              // Truncated: still bounds, and within the limit.
              assertTrue(gotMin.length <= 64 && gotMax.length <= 64, where);
              assertTrue(Arrays.compareUnsigned(gotMin, min) <= 0, where + " page " + p);
              assertTrue(Arrays.compareUnsigned(gotMax, max) >= 0, where + " page " + p);
            } else {
              assertArrayEquals(min, gotMin, where + " min of page " + p);
              assertArrayEquals(max, gotMax, where + " max of page " + p);
            }
          }
          checked++;
        }
        firstRow += block.getRowCount();
      }
    }
    assertEquals(3 * columns().size() - 2, checked, "column indexes compared");
  }

  private static void update(Statistics<?> stats, Object value) {
    if (value == null) {
      stats.incrementNumNulls();
    } else if (value instanceof Integer v) {
      stats.updateStats(v.intValue());
    } else if (value instanceof Long v) {
      stats.updateStats(v.longValue());
    } else if (value instanceof Float v) {
      stats.updateStats(v.floatValue());
    } else if (value instanceof Double v) {
      stats.updateStats(v.doubleValue());
    } else if (value instanceof Boolean v) {
      stats.updateStats(v.booleanValue());
    } else {
      stats.updateStats((Binary) value);
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  /** Each location must hold one data page header whose sizes and row counts add up. */
  private static void assertOffsetIndexMatchesPages(Path file, ColumnChunkMetaData chunk,
      OffsetIndex offsets, long groupRows, String where) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    long rowsSeen = 0;
    for (int p = 0; p < offsets.getPageCount(); p++) {
      long offset = offsets.getOffset(p);
      if (p == 0) {
        assertEquals(chunk.getFirstDataPageOffset(), offset, where);
      } else {
        assertEquals(offsets.getOffset(p - 1) + offsets.getCompressedPageSize(p - 1), offset,
            where + ": pages are contiguous");
      }
      ByteArrayInputStream in = new ByteArrayInputStream(bytes, (int) offset, bytes.length);
      PageHeader header = Util.readPageHeader(in);
      int headerLength = (int) (bytes.length - offset - in.available());
      assertEquals(PageType.DATA_PAGE, header.getType(), where);
      assertEquals(headerLength + header.getCompressed_page_size(),
          offsets.getCompressedPageSize(p), where + " size of page " + p);
      assertEquals(rowsSeen, offsets.getFirstRowIndex(p), where + " first row of page " + p);
      rowsSeen += header.getData_page_header().getNum_values();
    }
    assertEquals(groupRows, rowsSeen, where);
    int last = offsets.getPageCount() - 1;
    assertEquals(chunk.getStartingPos() + chunk.getTotalSize(),
        offsets.getOffset(last) + offsets.getCompressedPageSize(last), where + ": chunk end");
  }

  @Test
  void knownBoundaryOrdersAndZeroSigns() throws Exception {
    Path file = writeFile(smallPages(true));
    try (ParquetFileReader reader = ParquetJava.open(file)) {
      BlockMetaData block = reader.getRowGroups().get(0);
      assertEquals(BoundaryOrder.ASCENDING, index(reader, block, "k").getBoundaryOrder());
      assertEquals(BoundaryOrder.DESCENDING, index(reader, block, "desc").getBoundaryOrder());
      assertEquals(BoundaryOrder.UNORDERED, index(reader, block, "rnd").getBoundaryOrder());
      ColumnIndex zeros = index(reader, block, "zeros");
      assertEquals(-0.0, zeros.getMinValues().get(0).order(ByteOrder.LITTLE_ENDIAN)
          .getDouble(0));
      assertEquals(Double.doubleToRawLongBits(-0.0), zeros.getMinValues().get(0)
          .order(ByteOrder.LITTLE_ENDIAN).getLong(0));
      assertEquals(Double.doubleToRawLongBits(0.0), zeros.getMaxValues().get(0)
          .order(ByteOrder.LITTLE_ENDIAN).getLong(0));
      ColumnIndex gaps = index(reader, block, "gaps");
      assertTrue(gaps.getNullPages().contains(true), "rows 500-4499 give all-null pages");
      assertTrue(gaps.getNullPages().contains(false));
      ColumnIndex allNull = index(reader, reader.getRowGroups().get(1), "gaps");
      assertFalse(allNull.getNullPages().contains(false), "second row group is all null");
    }
  }

  private static ColumnIndex index(ParquetFileReader reader, BlockMetaData block, String name)
      throws Exception {
    for (ColumnChunkMetaData chunk : block.getColumns()) {
      if (chunk.getPath().toDotString().equals(name)) {
        return reader.readColumnIndex(chunk);
      }
    }
    throw new AssertionError("no column " + name);
  }

  /**
   * parquet-java's column-index filtering reads only the pages that can match, and still returns
   * exactly the matching rows.
   */
  @Test
  void parquetJavaSkipsPagesWithOurIndexes() throws Exception {
    Path file = writeFile(smallPages(true));
    assertPagesSkipped(file, eq(intColumn("k"), 6_123), 1);
    assertPagesSkipped(file, eq(longColumn("desc"), (long) (ROWS - 8_002) * 1_000_000_007L), 1);
    assertPagesSkipped(file, eq(binaryColumn("longstr"), Binary.fromString(longString(9_876))), 1);
    // The truncated bound of a 70-byte 0xFF value: no index there, yet the row must be found.
    byte[] allOnes = new byte[70];
    Arrays.fill(allOnes, (byte) 0xFF);
    assertEquals(1, ParquetJava.readAll(file, FilterCompat.get(
        eq(binaryColumn("ffbin"), Binary.fromConstantByteArray(allOnes)))).size());
  }

  private static void assertPagesSkipped(Path file, FilterPredicate predicate, int matches)
      throws Exception {
    try (ParquetFileReader reader = ParquetJava.openFiltered(file, FilterCompat.get(predicate))) {
      long read = reader.getFilteredRecordCount();
      assertTrue(read >= matches && read < ROW_GROUP_ROWS / 2,
          predicate + ": page index should leave a few pages, read " + read + " rows");
    }
    assertEquals(matches, ParquetJava.readAll(file, FilterCompat.get(predicate)).size(),
        predicate.toString());
  }

  /**
   * Our reader sees the same indexes as parquet-java, and our layout (per row group, column
   * indexes then offset indexes) lets it read a row group's indexes as one contiguous range.
   */
  @Test
  void ourReaderReadsEachRowGroupsIndexesAsOneRange() throws Exception {
    Path file = writeFile(smallPages(true));
    List<RowGroup> groups =
        ParquetFileMetadata.read(file).thrift().getRow_groups();
    try (ParquetFileReader reader = ParquetJava.open(file);
        FileChannel channel = FileChannel.open(file)) {
      for (int g = 0; g < groups.size(); g++) {
        List<ColumnChunk> chunks = groups.get(g).getColumns();
        long start = Long.MAX_VALUE;
        long end = 0;
        long total = 0;
        for (ColumnChunk chunk : chunks) {
          start = Math.min(start, chunk.getOffset_index_offset());
          end = Math.max(end, chunk.getOffset_index_offset() + chunk.getOffset_index_length());
          total += chunk.getOffset_index_length();
          if (chunk.isSetColumn_index_offset()) {
            start = Math.min(start, chunk.getColumn_index_offset());
            end = Math.max(end, chunk.getColumn_index_offset() + chunk.getColumn_index_length());
            total += chunk.getColumn_index_length();
          }
        }
        assertEquals(total, end - start, "row group " + g + " indexes are back to back");
        PageIndexes.RowGroupIndexes indexes =
            PageIndexes.readRowGroup(channel, groups.get(g));
        for (int c = 0; c < chunks.size(); c++) {
          ColumnChunkMetaData theirs = reader.getRowGroups().get(g).getColumns().get(c);
          org.apache.parquet.format.ColumnIndex ours = indexes.columnIndexes().get(c);
          ColumnIndex expected = reader.readColumnIndex(theirs);
          assertEquals(expected == null, ours == null);
          if (ours != null) {
            assertEquals(expected.getNullPages(), ours.getNull_pages());
            assertEquals(expected.getMinValues(), ours.getMin_values());
            assertEquals(expected.getMaxValues(), ours.getMax_values());
          }
          assertEquals(reader.readOffsetIndex(theirs).getPageCount(),
              indexes.offsetIndexes().get(c).getPage_locationsSize());
        }
      }
    }
  }

  @Test
  void pageIndexesCanBeTurnedOff() throws Exception {
    Path file = writeFile(smallPages(true).withPageIndexes(false));
    try (ParquetFileReader reader = ParquetJava.open(file)) {
      for (BlockMetaData block : reader.getRowGroups()) {
        for (ColumnChunkMetaData chunk : block.getColumns()) {
          assertNull(reader.readColumnIndex(chunk));
          assertNull(reader.readOffsetIndex(chunk));
        }
      }
    }
    assertTrue(ParquetWriteOptions.defaults().pageIndexes(), "on by default");
  }
}
