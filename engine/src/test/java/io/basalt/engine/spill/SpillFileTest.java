package io.basalt.engine.spill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.engine.exec.BatchStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spill files: batches come back as written (nulls, empty strings, several batches, an empty
 * file), the compression is genuine LZ4 frame format (checked both ways against Apache Commons
 * Compress), the temp budget is enforced, and closing the manager deletes the query's folder.
 */
class SpillFileTest {
  private static final Schema SCHEMA = new Schema(List.of(
      Field.nullable("k", new ArrowType.Int(64, true)), Field.nullable("s", ArrowType.Utf8.INSTANCE)));

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 100, 70_000, 5_000_000})
  void lz4FramesInteroperate(int size) throws Exception {
    Random r = new Random(size);
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (i % 3 == 0 ? r.nextInt(256) : i / 1000); // partly compressible
    }
    Lz4FrameCodec codec = new Lz4FrameCodec();
    byte[] ours = codec.compress(data);
    try (FramedLZ4CompressorInputStream in =
        new FramedLZ4CompressorInputStream(new ByteArrayInputStream(ours))) {
      assertArrayEquals(data, in.readAllBytes(), "Commons Compress reads our frame");
    }
    // Commons Compress's own compressor is slow on large inputs: a 20 KB prefix shows the point.
    byte[] prefix = java.util.Arrays.copyOf(data, Math.min(size, 20_000));
    ByteArrayOutputStream theirs = new ByteArrayOutputStream();
    try (FramedLZ4CompressorOutputStream out = new FramedLZ4CompressorOutputStream(theirs)) {
      out.write(prefix);
    }
    assertArrayEquals(prefix, codec.decompress(theirs.toByteArray(), prefix.length),
        "we read theirs");
  }

  @Test
  void batchesComeBackAsWrittenAndTheFolderGoesWithTheManager(@TempDir Path dir)
      throws Exception {
    SpillManager manager = new SpillManager(dir, 0);
    try (BufferAllocator allocator = new RootAllocator()) {
      SpillFile file = manager.newFile("agg/pass 0", SCHEMA);
      SpillFile empty = manager.newFile("empty", SCHEMA);
      for (int b = 0; b < 3; b++) {
        try (VectorSchemaRoot root = batch(allocator, b, 1000 + b)) {
          file.write(root);
        }
      }
      file.finish();
      empty.finish();
      assertEquals(3003, file.rows());
      assertTrue(file.bytes() > 0);
      assertEquals(file.bytes(), manager.bytesWritten());
      for (int pass = 0; pass < 2; pass++) { // readable more than once
        try (BatchStream in = file.read(allocator)) {
          for (int b = 0; b < 3; b++) {
            try (VectorSchemaRoot got = in.next(); VectorSchemaRoot want = batch(allocator, b,
                1000 + b)) {
              assertEquals(want.contentToTSVString(), got.contentToTSVString());
            }
          }
          assertNull(in.next());
        }
      }
      try (BatchStream in = empty.read(allocator)) {
        assertNull(in.next());
      }
      Path folder = manager.folderOrNull();
      assertTrue(Files.isDirectory(folder));
      manager.close();
      assertFalse(Files.exists(folder));
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }

  @Test
  void theTempBudgetIsEnforced(@TempDir Path dir) {
    SpillManager manager = new SpillManager(dir, 10_000);
    try (BufferAllocator allocator = new RootAllocator()) {
      SpillFile file = manager.newFile("big", SCHEMA);
      SpillLimitExceededException e = assertThrows(SpillLimitExceededException.class, () -> {
        for (int b = 0; b < 100; b++) {
          try (VectorSchemaRoot root = batch(allocator, b, 5000)) {
            file.write(root);
          }
        }
      });
      assertTrue(e.getMessage().contains("max_temp_size"), e.getMessage());
      manager.close();
      assertFalse(Files.exists(manager.folderOrNull()));
    }
  }

  private static VectorSchemaRoot batch(BufferAllocator allocator, int seed, int rows) {
    VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
    BigIntVector k = (BigIntVector) root.getVector(0);
    VarCharVector s = (VarCharVector) root.getVector(1);
    Random r = new Random(seed);
    for (int i = 0; i < rows; i++) {
      if (i % 17 == 0) {
        k.setNull(i);
      } else {
        k.setSafe(i, r.nextLong());
      }
      if (i % 11 == 0) {
        s.setNull(i);
      } else {
        s.setSafe(i, (i % 5 == 0 ? "" : "value-" + r.nextInt(100)).getBytes(StandardCharsets.UTF_8));
      }
    }
    root.setRowCount(rows);
    return root;
  }
}
