package io.basalt.engine.format.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.airlift.compress.lz4.Lz4Compressor;
import io.basalt.engine.format.parquet.decode.RleBitPackedDecoderTest.Encoder;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Type;
import org.apache.parquet.format.Util;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-built files for layouts DuckDB does not write: many data pages per chunk (batches spanning
 * pages), data page v2 with uncompressed levels, Hadoop-framed legacy LZ4, INT96, PLAIN and RLE
 * booleans, and dictionary_page_offset = 0.
 */
class SyntheticPagesTest {
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

  /** One page's worth of rows: nulls are null entries; values are PLAIN- or RLE-encoded bytes. */
  interface ValueEncoder {
    byte[] encode(List<Object> nonNull);
  }

  private Path writeFile(String name, SchemaElement leaf, Object[] rows, int rowsPerPage,
      boolean v2, CompressionCodec codec, Encoding encoding, ValueEncoder encoder)
      throws Exception {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write("PAR1".getBytes());
    long chunkStart = file.size();
    long uncompressedTotal = 0;
    for (int start = 0; start < rows.length; start += rowsPerPage) {
      int n = Math.min(rowsPerPage, rows.length - start);
      int[] defs = new int[(n + 7) / 8 * 8];
      List<Object> nonNull = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (rows[start + i] != null) {
          defs[i] = 1;
          nonNull.add(rows[start + i]);
        }
      }
      byte[] levels = new Encoder(1).packed(defs).out.toByteArray();
      byte[] values = encoder.encode(nonNull);
      PageHeader header;
      byte[] body;
      if (v2) {
        byte[] compressedValues = compress(codec, values);
        body = concat(levels, compressedValues);
        header = new PageHeader(PageType.DATA_PAGE_V2, levels.length + values.length, body.length);
        header.setData_page_header_v2(new DataPageHeaderV2(n, n - nonNull.size(), n, encoding,
            levels.length, 0));
      } else {
        byte[] raw = concat(le(levels.length), levels, values);
        body = compress(codec, raw);
        header = new PageHeader(PageType.DATA_PAGE, raw.length, body.length);
        header.setData_page_header(new DataPageHeader(n, encoding, Encoding.RLE, Encoding.RLE));
      }
      uncompressedTotal += header.getUncompressed_page_size();
      Util.writePageHeader(header, file);
      file.write(body);
    }
    long chunkLength = file.size() - chunkStart;
    ColumnMetaData meta = new ColumnMetaData(leaf.getType(), List.of(encoding),
        List.of(leaf.getName()), codec, rows.length, uncompressedTotal, chunkLength, chunkStart);
    meta.setDictionary_page_offset(0); // as some writers do without a dictionary
    ColumnChunk chunk = new ColumnChunk(chunkStart);
    chunk.setMeta_data(meta);
    SchemaElement root = new SchemaElement("schema");
    root.setNum_children(1);
    FileMetaData footer = new FileMetaData(1, List.of(root, leaf), rows.length,
        List.of(new RowGroup(List.of(chunk), chunkLength, rows.length)));
    ByteArrayOutputStream footerBytes = new ByteArrayOutputStream();
    Util.writeFileMetaData(footer, footerBytes);
    file.write(footerBytes.toByteArray());
    file.write(le(footerBytes.size()));
    file.write("PAR1".getBytes());
    return Files.write(dir.resolve(name), file.toByteArray());
  }

  /** UNCOMPRESSED, or legacy LZ4 in Hadoop's framing, split into two framed blocks. */
  private static byte[] compress(CompressionCodec codec, byte[] raw) {
    if (codec == CompressionCodec.UNCOMPRESSED || raw.length == 0) {
      return raw;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int half = raw.length / 2;
    for (byte[] part : new byte[][] {Arrays.copyOf(raw, half),
        Arrays.copyOfRange(raw, half, raw.length)}) {
      Lz4Compressor lz4 = new Lz4Compressor();
      byte[] block = new byte[lz4.maxCompressedLength(part.length)];
      int length = lz4.compress(part, 0, part.length, block, 0, block.length);
      out.writeBytes(be(part.length));
      out.writeBytes(be(length));
      out.write(block, 0, length);
    }
    return out.toByteArray();
  }

  private static byte[] le(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }

  private static byte[] be(int v) {
    return ByteBuffer.allocate(4).putInt(v).array();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static SchemaElement leaf(String name, Type type) {
    SchemaElement leaf = new SchemaElement(name);
    leaf.setType(type);
    leaf.setRepetition_type(FieldRepetitionType.OPTIONAL);
    return leaf;
  }

  private static Object[] ints(int count) {
    Object[] rows = new Object[count];
    for (int i = 0; i < count; i++) {
      rows[i] = i % 5 == 0 ? null : i * 31 - 7000;
    }
    // an all-null stretch longer than a page
    Arrays.fill(rows, 600, 800, null);
    return rows;
  }

  private static final ValueEncoder PLAIN_INTS = nonNull -> {
    ByteBuffer b = ByteBuffer.allocate(4 * nonNull.size()).order(ByteOrder.LITTLE_ENDIAN);
    nonNull.forEach(v -> b.putInt((Integer) v));
    return b.array();
  };

  /** Reads the single column in batches of {@code batch} rows, as Java objects. */
  private List<Object> readColumn(Path file, int batch) throws Exception {
    ParquetFileMetadata meta = ParquetFileMetadata.read(file);
    List<Object> values = new ArrayList<>();
    try (ParquetRowGroupReader reader =
        new ParquetRowGroupReader(meta, 0, meta.columns(), allocator)) {
      VectorSchemaRoot root;
      while ((root = reader.next(batch)) != null) {
        try (VectorSchemaRoot r = root) {
          FieldVector v = r.getVector(0);
          for (int i = 0; i < r.getRowCount(); i++) {
            values.add(v.getObject(i));
          }
        }
      }
      assertNull(reader.next(batch));
    }
    return values;
  }

  @Test
  void manyPagesPerChunkInV1AndV2WithBatchesSpanningPages() throws Exception {
    Object[] rows = ints(2000);
    for (boolean v2 : new boolean[] {false, true}) {
      for (CompressionCodec codec :
          new CompressionCodec[] {CompressionCodec.UNCOMPRESSED, CompressionCodec.LZ4}) {
        Path file = writeFile("ints_" + v2 + codec + ".parquet", leaf("x", Type.INT32), rows, 90,
            v2, codec, Encoding.PLAIN, PLAIN_INTS);
        for (int batch : new int[] {1, 7, 64, 1000, 4096}) {
          assertEquals(Arrays.asList(rows), readColumn(file, batch),
              "v2=" + v2 + " codec=" + codec + " batch=" + batch);
        }
      }
    }
  }

  @Test
  void int96TimestampsBecomeEpochNanos() throws Exception {
    long[] nanos = {0L, -1L, 1_700_000_000_123_456_789L, -2_208_988_800_000_000_000L, 86_399_999_999_999L};
    Object[] rows = new Object[nanos.length + 1];
    for (int i = 0; i < nanos.length; i++) {
      rows[i] = nanos[i];
    }
    ValueEncoder int96 = nonNull -> {
      ByteBuffer b = ByteBuffer.allocate(12 * nonNull.size()).order(ByteOrder.LITTLE_ENDIAN);
      for (Object v : nonNull) {
        long n = (Long) v;
        long day = Math.floorDiv(n, 86_400_000_000_000L);
        b.putLong(Math.floorMod(n, 86_400_000_000_000L)).putInt((int) (day + 2_440_588L));
      }
      return b.array();
    };
    Path file = writeFile("int96.parquet", leaf("t", Type.INT96), rows, 4, false,
        CompressionCodec.UNCOMPRESSED, Encoding.PLAIN, int96);
    ParquetFileMetadata meta = ParquetFileMetadata.read(file);
    try (ParquetRowGroupReader reader =
        new ParquetRowGroupReader(meta, 0, meta.columns(), allocator);
        VectorSchemaRoot root = reader.next(100)) {
      TimeStampNanoVector v = (TimeStampNanoVector) root.getVector(0);
      for (int i = 0; i < nanos.length; i++) {
        assertEquals(nanos[i], v.get(i));
      }
      assertEquals(true, v.isNull(nanos.length));
    }
  }

  @Test
  void plainAndRleBooleans() throws Exception {
    Object[] rows = new Object[1000];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = i % 7 == 0 ? null : (i % 3 == 0);
    }
    ValueEncoder plain = nonNull -> {
      byte[] bits = new byte[(nonNull.size() + 7) / 8];
      for (int i = 0; i < nonNull.size(); i++) {
        if ((Boolean) nonNull.get(i)) {
          bits[i / 8] |= (byte) (1 << (i % 8));
        }
      }
      return bits;
    };
    ValueEncoder rle = nonNull -> {
      int[] v = new int[(nonNull.size() + 7) / 8 * 8];
      for (int i = 0; i < nonNull.size(); i++) {
        v[i] = (Boolean) nonNull.get(i) ? 1 : 0;
      }
      byte[] runs = new Encoder(1).packed(v).out.toByteArray();
      return concat(le(runs.length), runs);
    };
    for (boolean v2 : new boolean[] {false, true}) {
      Path p = writeFile("bool_plain" + v2 + ".parquet", leaf("b", Type.BOOLEAN), rows, 123, v2,
          CompressionCodec.UNCOMPRESSED, Encoding.PLAIN, plain);
      Path r = writeFile("bool_rle" + v2 + ".parquet", leaf("b", Type.BOOLEAN), rows, 123, v2,
          CompressionCodec.LZ4, Encoding.RLE, rle);
      for (int batch : new int[] {50, 1000}) {
        assertEquals(Arrays.asList(rows), readColumn(p, batch));
        assertEquals(Arrays.asList(rows), readColumn(r, batch));
      }
    }
  }
}
