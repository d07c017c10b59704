package io.basalt.engine.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorTake} against Arrow's own per-value {@code copyFromSafe} as the reference, for every
 * width it specialises, with and without NULL values and missing (negative) rows, empty and one-row
 * selections, duplicates, and selections whose size is not a multiple of 8 (the bulk validity path).
 */
class VectorTakeTest {
  private final BufferAllocator allocator = new RootAllocator();
  private final Random random = new Random(42);

  @AfterEach
  void close() {
    allocator.close();
  }

  @Test
  void everyFixedWidthAndStringMatchesArrowCopy() {
    int n = 3000;
    for (boolean withNulls : new boolean[] {false, true}) {
      try (BigIntVector longs = new BigIntVector("l", allocator);
          IntVector ints = new IntVector("i", allocator);
          SmallIntVector shorts = new SmallIntVector("s", allocator);
          TinyIntVector bytes = new TinyIntVector("b", allocator);
          Float8Vector doubles = new Float8Vector("d", allocator);
          DecimalVector decimals = new DecimalVector("m", allocator, 20, 2);
          FixedSizeBinaryVector fixed3 = new FixedSizeBinaryVector("f", allocator, 3);
          BitVector bits = new BitVector("t", allocator);
          VarCharVector strings = new VarCharVector("v", allocator)) {
        FieldVector[] all = {longs, ints, shorts, bytes, doubles, decimals, fixed3, bits, strings};
        for (FieldVector v : all) {
          v.allocateNew();
        }
        for (int r = 0; r < n; r++) {
          if (withNulls && r % 7 == 3) {
            longs.setNull(r);
            ints.setNull(r);
            shorts.setNull(r);
            bytes.setNull(r);
            doubles.setNull(r);
            decimals.setNull(r);
            fixed3.setNull(r);
            bits.setNull(r);
            strings.setNull(r);
            continue;
          }
          longs.setSafe(r, random.nextLong());
          ints.setSafe(r, random.nextInt());
          shorts.setSafe(r, (short) random.nextInt());
          bytes.setSafe(r, (byte) random.nextInt());
          doubles.setSafe(r, random.nextDouble());
          decimals.setSafe(r, random.nextInt());
          fixed3.setSafe(r, new byte[] {(byte) r, (byte) (r >> 8), 7});
          bits.setSafe(r, r & 1);
          // empty, one-byte, short (copied byte by byte) and long (copied in bulk) strings
          // mixed, each with its own bytes
          String text = r % 5 == 0 ? "" : r % 5 == 1 ? String.valueOf((char) ('a' + r % 26))
              : (r + ":abcdefghijklmnopqrstuvwxyz").substring(0, Math.min(r % 31,
                  String.valueOf(r).length() + 27));
          strings.setSafe(r, text.getBytes(StandardCharsets.UTF_8));
        }
        for (FieldVector v : all) {
          v.setValueCount(n);
        }
        for (int[] rows : selections(n)) {
          for (FieldVector v : all) {
            assertSameAsReference(v, rows);
          }
        }
      }
    }
  }

  private int[][] selections(int n) {
    int[] everyRow = new int[n];
    for (int i = 0; i < n; i++) {
      everyRow[i] = i;
    }
    int[] randomWithDuplicates = new int[1029];
    for (int i = 0; i < randomWithDuplicates.length; i++) {
      randomWithDuplicates[i] = random.nextInt(n);
    }
    int[] withMissing = new int[13];
    for (int i = 0; i < withMissing.length; i++) {
      withMissing[i] = i % 3 == 0 ? -1 : random.nextInt(n);
    }
    // As a filter leaves them: ascending, most rows kept, so runs of consecutive rows.
    int[] filtered = java.util.stream.IntStream.range(0, n).filter(r -> random.nextInt(50) != 0)
        .toArray();
    // Runs of every length, restarting anywhere, broken by missing rows.
    int[] runs = new int[2000];
    for (int i = 0; i < runs.length; ) {
      int start = random.nextInt(n);
      int length = 1 + random.nextInt(40);
      for (int j = 0; j < length && i < runs.length; j++, i++) {
        runs[i] = random.nextInt(30) == 0 ? -1 : Math.min(start + j, n - 1);
      }
    }
    return new int[][] {
      new int[0], {5}, {-1}, {n - 1, 0, n - 1}, {0, 1}, {n - 2, n - 1}, everyRow,
      randomWithDuplicates, withMissing, filtered, runs
    };
  }

  private void assertSameAsReference(FieldVector source, int[] rows) {
    // Leftover bytes in the pool: the take does not zero-fill, so it must write every slot.
    try (org.apache.arrow.memory.ArrowBuf dirty = allocator.buffer(1 << 16)) {
      dirty.setOne(0, dirty.capacity());
    }
    try (FieldVector actual = VectorTake.take(source, rows, rows.length, allocator);
        FieldVector expected = source.getField().createVector(allocator)) {
      expected.allocateNew();
      for (int i = 0; i < rows.length; i++) {
        if (rows[i] >= 0) {
          expected.copyFromSafe(rows[i], i, source);
        } else if (expected instanceof org.apache.arrow.vector.BaseFixedWidthVector f) {
          f.setNull(i);
        } else {
          ((VarCharVector) expected).setNull(i);
        }
      }
      expected.setValueCount(rows.length);
      assertEquals(rows.length, actual.getValueCount(), source.getName());
      for (int i = 0; i < rows.length; i++) {
        String where = source.getName() + " row " + i + " of " + rows.length;
        assertEquals(expected.isNull(i), actual.isNull(i), where);
        Object want = expected.getObject(i);
        Object got = actual.getObject(i);
        if (want instanceof byte[] w && got instanceof byte[] g) {
          assertArrayEquals(w, g, where);
        } else {
          assertEquals(want, got, where);
        }
      }
      assertEquals(expected.getNullCount(), actual.getNullCount(), source.getName());
      if (actual instanceof org.apache.arrow.vector.BaseFixedWidthVector f
          && !(actual instanceof BitVector)) {
        // Byte for byte, NULL slots included: zeros under missing rows, the source's bytes else.
        long bytes = (long) f.getTypeWidth() * rows.length;
        for (long b = 0; b < bytes; b++) {
          assertEquals(expected.getDataBuffer().getByte(b), f.getDataBuffer().getByte(b),
              source.getName() + " data byte " + b);
        }
      }
    }
  }
}
