package io.basalt.engine.format.parquet.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.engine.format.parquet.ParquetFileMetadata;
import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.BloomFilterAlgorithm;
import org.apache.parquet.format.BloomFilterCompression;
import org.apache.parquet.format.BloomFilterHash;
import org.apache.parquet.format.BloomFilterHeader;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SplitBlockAlgorithm;
import org.apache.parquet.format.Uncompressed;
import org.apache.parquet.format.Util;
import org.apache.parquet.format.XxHash;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ParquetBloomFilter#read} on parquet-java's bloom filters and on corrupt ones. */
class ParquetBloomFilterTest {
  @TempDir static Path dir;
  private static Path file;

  @BeforeAll
  static void writeFile() throws Exception {
    file = dir.resolve("parquet-java.parquet");
    ParquetJavaIndexedFile.write(file);
  }

  /** The hash of a value as parquet-java's example Group hands it out. */
  private static long hash(Object value) {
    if (value instanceof Integer v) {
      return ParquetBloomFilter.hash(v.intValue());
    } else if (value instanceof Long v) {
      return ParquetBloomFilter.hash(v.longValue());
    } else if (value instanceof Float v) {
      return ParquetBloomFilter.hash(v.floatValue());
    } else if (value instanceof Double v) {
      return ParquetBloomFilter.hash(v.doubleValue());
    }
    return ParquetBloomFilter.hash(((Binary) value).getBytes());
  }

  /** A value of the same type that the file almost surely lacks. */
  private static Object absent(Object like, Random random) {
    if (like instanceof Integer) {
      return -1 - random.nextInt(1_000_000);
    } else if (like instanceof Long) {
      return random.nextLong();
    } else if (like instanceof Float) {
      return -random.nextFloat() - 1;
    } else if (like instanceof Double) {
      return random.nextDouble() + 1e6;
    }
    byte[] bytes = new byte[((Binary) like).length()];
    random.nextBytes(bytes);
    return Binary.fromConstantByteArray(bytes);
  }

  @Test
  void parquetJavasFiltersContainEveryValueAndRejectMostOthers() throws Exception {
    List<Group> rows = ParquetJava.readAll(file, FilterCompat.NOOP);
    List<RowGroup> groups = ParquetFileMetadata.read(file).thrift().getRow_groups();
    Random random = new Random(9);
    int filters = 0;
    java.util.Set<String> skipped = new java.util.TreeSet<>();
    try (FileChannel channel = FileChannel.open(file)) {
      int firstRow = 0;
      for (RowGroup group : groups) {
        for (int c = 0; c < group.getColumns().size(); c++) {
          ColumnMetaData meta = group.getColumns().get(c).getMeta_data();
          String where = meta.getPath_in_schema() + " at row " + firstRow;
          ParquetBloomFilter filter = ParquetBloomFilter.read(channel, meta);
          if (!meta.isSetBloom_filter_offset()) {
            // parquet-java writes none for chunks that are all dictionary pages (the dictionary
            // itself answers membership).
            assertNull(filter, where);
            skipped.add(meta.getPath_in_schema().get(0));
            continue;
          }
          assertNotNull(filter, where);
          if (meta.getPath_in_schema().get(0).equals("b")) {
            // The spec defines no hash for BOOLEAN; a filter on one is read but not probed.
            continue;
          }
          // Without bloom_filter_length (older writers) the header is parsed to find the bitset.
          ColumnMetaData withoutLength = meta.deepCopy();
          withoutLength.unsetBloom_filter_length();
          ParquetBloomFilter sameFilter = ParquetBloomFilter.read(channel, withoutLength);
          int probes = 0;
          int falsePositives = 0;
          for (int r = firstRow; r < firstRow + group.getNum_rows(); r++) {
            Object value = ParquetJava.value(rows.get(r), c);
            if (value == null) {
              continue;
            }
            assertTrue(filter.mightContain(hash(value)), where + ": row " + r + " " + value);
            long other = hash(absent(value, random));
            assertEquals(filter.mightContain(other), sameFilter.mightContain(other), where);
            falsePositives += filter.mightContain(other) ? 1 : 0;
            probes++;
          }
          assertTrue(falsePositives <= probes / 20,
              where + ": " + falsePositives + " false positives of " + probes);
          filters++;
        }
        firstRow += (int) group.getNum_rows();
      }
    }
    assertTrue(filters >= 12, filters + " filters checked, none for " + skipped);
  }

  @Test
  void absentFilterReadsAsNull() throws Exception {
    try (FileChannel channel = FileChannel.open(file)) {
      assertNull(ParquetBloomFilter.read(channel, PageIndexesTest.chunk("x").getMeta_data()));
    }
  }

  @Test
  void corruptFiltersAreRejected() throws Exception {
    Path bad = dir.resolve("bad-bloom.bin");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write("PAR1".getBytes(StandardCharsets.US_ASCII));
    // Claims 33 bytes: not a whole number of 32-byte blocks.
    Util.writeBloomFilterHeader(new BloomFilterHeader(33,
        BloomFilterAlgorithm.BLOCK(new SplitBlockAlgorithm()), BloomFilterHash.XXHASH(new XxHash()),
        BloomFilterCompression.UNCOMPRESSED(new Uncompressed())), bytes);
    bytes.write(new byte[33]);
    int secondStart = bytes.size();
    // A valid header whose 1 MiB bitset runs past the end of the file.
    Util.writeBloomFilterHeader(new BloomFilterHeader(1 << 20,
        BloomFilterAlgorithm.BLOCK(new SplitBlockAlgorithm()), BloomFilterHash.XXHASH(new XxHash()),
        BloomFilterCompression.UNCOMPRESSED(new Uncompressed())), bytes);
    bytes.write(new byte[64]);
    Files.write(bad, bytes.toByteArray());
    try (FileChannel channel = FileChannel.open(bad)) {
      ColumnMetaData odd = PageIndexesTest.chunk("odd").getMeta_data();
      odd.setBloom_filter_offset(4);
      ParquetIndexException size = assertThrows(ParquetIndexException.class,
          () -> ParquetBloomFilter.read(channel, odd));
      assertTrue(size.getMessage().startsWith(
          "bloom filter of column 'odd' at byte 4 claims 33 bytes of bitset"), size.getMessage());

      ColumnMetaData truncated = PageIndexesTest.chunk("cut").getMeta_data();
      truncated.setBloom_filter_offset(secondStart);
      assertThrows(ParquetIndexException.class, () -> ParquetBloomFilter.read(channel, truncated));

      ColumnMetaData beyond = PageIndexesTest.chunk("far").getMeta_data();
      beyond.setBloom_filter_offset(4);
      beyond.setBloom_filter_length(1 << 20);
      ParquetIndexException outside = assertThrows(ParquetIndexException.class,
          () -> ParquetBloomFilter.read(channel, beyond));
      assertTrue(outside.getMessage().contains("but the file has " + Files.size(bad) + " bytes"),
          outside.getMessage());

      ColumnMetaData garbage = PageIndexesTest.chunk("junk").getMeta_data();
      garbage.setBloom_filter_offset(secondStart + 20);
      garbage.setBloom_filter_length(40);
      assertThrows(ParquetIndexException.class, () -> ParquetBloomFilter.read(channel, garbage));
    }
  }
}
