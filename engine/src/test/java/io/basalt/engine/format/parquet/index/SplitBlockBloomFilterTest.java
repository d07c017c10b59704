package io.basalt.engine.format.parquet.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.parquet.column.values.bloomfilter.BlockSplitBloomFilter;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;

class SplitBlockBloomFilterTest {
  /** Same hashes into filters of the same size give byte-identical bitsets in both libraries. */
  @Test
  void bitsetIsIdenticalToParquetJavas() throws Exception {
    for (int numBytes : new int[] {32, 1024, 65_536}) {
      SplitBlockBloomFilter ours = SplitBlockBloomFilter.empty(numBytes);
      BlockSplitBloomFilter theirs = new BlockSplitBloomFilter(numBytes, numBytes);
      Random random = new Random(numBytes);
      for (int i = 0; i < numBytes / 4; i++) {
        long hash = random.nextLong();
        ours.insert(hash);
        theirs.insertHash(hash);
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      theirs.writeTo(bytes);
      assertEquals(numBytes, theirs.getBitsetSize());
      assertArrayEquals(bytes.toByteArray(), ours.toBytes(), numBytes + " bytes");
      SplitBlockBloomFilter reread =
          SplitBlockBloomFilter.fromBytes(bytes.toByteArray(), 0, numBytes);
      for (int i = 0; i < 1000; i++) {
        long hash = random.nextLong();
        assertEquals(theirs.findHash(hash), reread.mightContain(hash));
      }
    }
  }

  @Test
  void insertedHashesAreFoundAndFalsePositivesAreRare() {
    int values = 10_000;
    SplitBlockBloomFilter filter = SplitBlockBloomFilter.empty(
        SplitBlockBloomFilter.optimalNumBytes(values, 0.01, 1 << 20));
    for (int i = 0; i < values; i++) {
      filter.insert(ParquetBloomFilter.hash(i));
    }
    for (int i = 0; i < values; i++) {
      assertTrue(filter.mightContain(ParquetBloomFilter.hash(i)));
    }
    int falsePositives = 0;
    for (int i = values; i < 11 * values; i++) {
      falsePositives += filter.mightContain(ParquetBloomFilter.hash(i)) ? 1 : 0;
    }
    // Rounding the size up to a power of two makes the real rate lower than 1%.
    assertTrue(falsePositives < values * 10 / 100, falsePositives + " false positives");
    filter.clear();
    assertFalse(filter.mightContain(ParquetBloomFilter.hash(1)));
  }

  @Test
  void sizeFollowsTheSpecFormulaRoundedToAPowerOfTwoAndCapped() {
    // -8 * 1e6 / ln(1 - 0.01^(1/8)) = 9.6 Mbit = 1.2 MB, over the 1 MiB cap.
    assertEquals(1 << 20, SplitBlockBloomFilter.optimalNumBytes(1_000_000, 0.01, 1 << 20));
    // 10 000 values: 96.9 kbit = 12.1 kB, next power of two 16 KiB.
    assertEquals(16 * 1024, SplitBlockBloomFilter.optimalNumBytes(10_000, 0.01, 1 << 20));
    assertEquals(32, SplitBlockBloomFilter.optimalNumBytes(0, 0.01, 1 << 20));
    for (long ndv : new long[] {1, 100, 5_000, 123_456}) {
      int bytes = SplitBlockBloomFilter.optimalNumBytes(ndv, 0.05, 1 << 24);
      assertEquals(1, Integer.bitCount(bytes));
      assertTrue(bytes * 8L >= BlockSplitBloomFilter.optimalNumOfBits(ndv, 0.05) - 256,
          ndv + " values: " + bytes + " bytes");
    }
    assertThrows(IllegalArgumentException.class, () -> SplitBlockBloomFilter.empty(33));
    assertThrows(IllegalArgumentException.class,
        () -> SplitBlockBloomFilter.optimalNumBytes(10, 1.0, 1024));
  }

  /** The static hashes must be parquet-java's, or filters written by it would miss values. */
  @Test
  void hashFunctionsMatchParquetJava() {
    BlockSplitBloomFilter theirs = new BlockSplitBloomFilter(32);
    Random random = new Random(11);
    for (int trial = 0; trial < 500; trial++) {
      int i = random.nextInt();
      long l = random.nextLong();
      float f = trial == 0 ? -0.0f : trial == 1 ? Float.NaN : random.nextFloat();
      double d = trial == 0 ? -0.0 : trial == 1 ? Double.NaN : random.nextGaussian();
      byte[] bytes = new byte[random.nextInt(40)];
      random.nextBytes(bytes);
      assertEquals(theirs.hash(i), ParquetBloomFilter.hash(i));
      assertEquals(theirs.hash(l), ParquetBloomFilter.hash(l));
      assertEquals(theirs.hash(f), ParquetBloomFilter.hash(f));
      assertEquals(theirs.hash(d), ParquetBloomFilter.hash(d));
      assertEquals(theirs.hash(Binary.fromConstantByteArray(bytes)),
          ParquetBloomFilter.hash(bytes));
      byte[] padded = new byte[bytes.length + 5];
      System.arraycopy(bytes, 0, padded, 3, bytes.length);
      assertEquals(ParquetBloomFilter.hash(bytes),
          ParquetBloomFilter.hash(padded, 3, bytes.length));
    }
    assertEquals(theirs.hash(Binary.fromString("héllo")),
        ParquetBloomFilter.hash("héllo".getBytes(StandardCharsets.UTF_8)));
  }
}
