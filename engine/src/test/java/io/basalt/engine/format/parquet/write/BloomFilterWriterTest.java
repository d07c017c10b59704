package io.basalt.engine.format.parquet.write;

import static org.apache.parquet.filter2.predicate.FilterApi.eq;
import static org.apache.parquet.filter2.predicate.FilterApi.longColumn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.engine.format.parquet.ParquetFileMetadata;
import io.basalt.engine.format.parquet.index.ParquetBloomFilter;
import io.basalt.engine.format.parquet.index.ParquetJava;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.column.values.bloomfilter.BloomFilter;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bloom filters written by {@link ParquetFileWriter}: parquet-java's reader finds every written
 * value in them and prunes row groups with them, and so does our {@link ParquetBloomFilter}.
 */
class BloomFilterWriterTest {
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

  private static long mix(long row) {
    return PageIndexWriterTest.mix(row);
  }

  /** Every value is a multiple of 2, so odd probes are absent; "nulls" is null from row 5 000. */
  private static List<ArrowBatches.Column> columns() {
    return List.of(
        new ArrowBatches.Column("i32", new ArrowType.Int(32, true), false, row -> row * 2),
        new ArrowBatches.Column("i64", new ArrowType.Int(64, true), true,
            row -> row % 10 == 0 ? null : (Object) (mix(row) * 2)),
        new ArrowBatches.Column("f64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE),
            false, row -> row == 3 ? (Object) Double.NaN : row == 4 ? (Object) (-0.0)
                : (Object) (row * 2.0)),
        new ArrowBatches.Column("f32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE),
            false, row -> (float) (row * 2)),
        new ArrowBatches.Column("dec9", new ArrowType.Decimal(9, 2, 128), false,
            row -> BigDecimal.valueOf(row * 2L, 2)),
        new ArrowBatches.Column("dec38", new ArrowType.Decimal(38, 0, 128), false,
            row -> new BigDecimal(BigInteger.valueOf(row * 2L - ROWS).shiftLeft(70))),
        new ArrowBatches.Column("date", new ArrowType.Date(DateUnit.DAY), false, row -> row * 2),
        new ArrowBatches.Column("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null), false,
            row -> row * 2_000_000L),
        new ArrowBatches.Column("str", ArrowType.Utf8.INSTANCE, false, row -> "s" + row * 2),
        new ArrowBatches.Column("fixed", new ArrowType.FixedSizeBinary(2), false,
            row -> new byte[] {(byte) (row >> 7), (byte) (row * 2)}),
        new ArrowBatches.Column("nulls", new ArrowType.Int(64, true), true,
            row -> row < 5_000 ? (Object) (long) (row * 2) : null),
        new ArrowBatches.Column("nofilter", new ArrowType.Int(32, true), false, row -> row * 2));
  }

  private Path writeFile() throws Exception {
    Path file = dir.resolve("bloom.parquet");
    Set<String> bloom = Set.of(
        "i32", "i64", "f64", "f32", "dec9", "dec38", "date", "ts", "str", "fixed", "nulls");
    ArrowBatches.write(file, columns(), ROWS, ParquetWriteOptions.defaults()
        .withRowGroupRows(ROW_GROUP_ROWS).withBloomFilterColumns(bloom), allocator);
    return file;
  }

  /** The odd counterpart of an even value, which no row holds. */
  private static Object absent(Object value) {
    if (value instanceof Integer v) {
      return v + 1;
    } else if (value instanceof Long v) {
      return v + 1;
    } else if (value instanceof Float v) {
      return v + 1;
    } else if (value instanceof Double v) {
      return v + 1;
    }
    org.apache.parquet.io.api.Binary binary = (org.apache.parquet.io.api.Binary) value;
    byte[] bytes = binary.getBytes().clone();
    bytes[bytes.length - 1] ^= 1;
    return org.apache.parquet.io.api.Binary.fromConstantByteArray(bytes);
  }

  @Test
  void parquetJavaAndOurReaderFindEveryValue() throws Exception {
    Path file = writeFile();
    List<Group> rows = ParquetJava.readAll(file, FilterCompat.NOOP);
    List<RowGroup> ourGroups = ParquetFileMetadata.read(file).thrift().getRow_groups();
    try (ParquetFileReader reader = ParquetJava.open(file);
        FileChannel channel = FileChannel.open(file)) {
      int firstRow = 0;
      for (int g = 0; g < reader.getRowGroups().size(); g++) {
        BlockMetaData block = reader.getRowGroups().get(g);
        for (int c = 0; c < block.getColumns().size(); c++) {
          ColumnChunkMetaData chunk = block.getColumns().get(c);
          String where = chunk.getPath().toDotString() + " in row group " + g;
          BloomFilter theirs = reader.readBloomFilter(chunk);
          ColumnChunk ourChunk = ourGroups.get(g).getColumns().get(c);
          ParquetBloomFilter ours = ParquetBloomFilter.read(channel, ourChunk.getMeta_data());
          if (chunk.getPath().toDotString().equals("nofilter")) {
            assertNull(theirs, where);
            assertNull(ours, where);
            continue;
          }
          assertNotNull(theirs, where);
          assertNotNull(ours, where);
          assertTrue(ourChunk.getMeta_data().isSetBloom_filter_length(), where);
          assertTrue(ours.numBytes() <= 1 << 20 && Integer.bitCount(ours.numBytes()) == 1, where);
          int falsePositives = 0;
          int probes = 0;
          for (int r = firstRow; r < firstRow + block.getRowCount(); r++) {
            Object value = ParquetJava.value(rows.get(r), c);
            if (value == null) {
              continue;
            }
            long hash = theirs.hash(value);
            assertTrue(theirs.findHash(hash), where + " row " + r + " " + value);
            assertTrue(ours.mightContain(hash), where + " row " + r + " " + value);
            long absentHash = theirs.hash(absent(value));
            assertEquals(theirs.findHash(absentHash), ours.mightContain(absentHash), where);
            falsePositives += theirs.findHash(absentHash) ? 1 : 0;
            probes++;
          }
          if (chunk.getPath().toDotString().equals("nulls") && g > 0) {
            assertEquals(0, probes);
            assertFalse(ours.mightContain(ParquetBloomFilter.hash(10L)),
                "an all-null chunk's filter rules out everything");
          } else {
            // The fixed column repeats values; everything else is distinct.
            assertTrue(falsePositives <= probes * 5 / 100,
                where + ": " + falsePositives + " false positives of " + probes);
          }
        }
        firstRow += block.getRowCount();
      }
    }
  }

  /**
   * Random longs span the whole range, so min/max cannot exclude a row group for an absent value;
   * only the bloom filters can.
   */
  @Test
  void parquetJavaPrunesRowGroupsWithOurFilters() throws Exception {
    Path file = writeFile();
    int pruned = 0;
    for (long probe = 1; probe < 200; probe += 2) {
      try (ParquetFileReader reader = ParquetJava.openFiltered(
          file, FilterCompat.get(eq(longColumn("i64"), probe)))) {
        pruned += reader.getFilteredRecordCount() == 0 ? 1 : 0;
      }
    }
    assertTrue(pruned >= 90, "only " + pruned + " of 100 absent values pruned every row group");
  }

  @Test
  void bloomFilterColumnsMustExistAndNotBeBoolean() {
    Schema schema = new Schema(List.of(
        new Field("a", FieldType.nullable(new ArrowType.Int(32, true)), null),
        new Field("flag", FieldType.nullable(ArrowType.Bool.INSTANCE), null)));
    ParquetWriteException missing = assertThrows(ParquetWriteException.class,
        () -> new ParquetFileWriter(dir.resolve("x.parquet"), schema,
            ParquetWriteOptions.defaults().withBloomFilterColumns(Set.of("a", "b"))));
    assertTrue(missing.getMessage().contains("[b]"), missing.getMessage());
    ParquetWriteException bool = assertThrows(ParquetWriteException.class,
        () -> new ParquetFileWriter(dir.resolve("x.parquet"), schema,
            ParquetWriteOptions.defaults().withBloomFilterColumns(Set.of("flag"))));
    assertTrue(bool.getMessage().contains("'flag' is BOOLEAN"), bool.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> ParquetWriteOptions.defaults().withBloomFilterFpp(0));
    assertEquals(Set.of(), ParquetWriteOptions.defaults().bloomFilterColumns());
    assertEquals(0.01, ParquetWriteOptions.defaults().bloomFilterFpp());
  }
}
