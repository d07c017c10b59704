package io.basalt.engine.format.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.basalt.engine.format.parquet.MatrixFile.Encoding;
import io.basalt.engine.format.parquet.MatrixFile.Variant;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads files written by parquet-java through Basalt's reader and compares every value with what was
 * written: column type × encoding × codec × data page version, with nulls, many pages per chunk and
 * several row groups per file. One file per variant holds all columns; each case reads one column.
 */
class ParquetEncodingMatrixTest {
  private static final List<CompressionCodecName> CODECS = List.of(CompressionCodecName.UNCOMPRESSED,
      CompressionCodecName.SNAPPY, CompressionCodecName.GZIP, CompressionCodecName.ZSTD,
      CompressionCodecName.LZ4, CompressionCodecName.LZ4_RAW);
  /** Not a multiple of the page row limit, so batches straddle pages. */
  private static final int BATCH = 700;

  @TempDir
  static Path dir;

  private static final Map<Variant, Path> FILES = new HashMap<>();
  private static final Map<String, List<Object>> EXPECTED = new HashMap<>();
  private static final BufferAllocator ALLOCATOR = new RootAllocator();

  @AfterAll
  static void closeAllocator() {
    ALLOCATOR.close(); // fails the run if the reader leaked Arrow buffers
  }

  static Stream<Variant> variants() {
    List<Variant> variants = new ArrayList<>();
    for (Encoding encoding : Encoding.values()) {
      for (CompressionCodecName codec : CODECS) {
        for (WriterVersion version : WriterVersion.values()) {
          variants.add(new Variant(encoding, codec, version));
        }
      }
    }
    return variants.stream();
  }

  static Stream<Arguments> cases() {
    return variants().flatMap(v -> MatrixColumns.ALL.stream().map(c -> Arguments.of(c.name(), v)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void columnRoundTrips(String column, Variant variant) throws Exception {
    MatrixColumn expected = MatrixColumns.byName(column);
    ParquetFileMetadata meta = ParquetFileMetadata.read(file(variant));
    ParquetColumn parquetColumn = meta.column(column);
    assertTrue(parquetColumn.isSupported(), parquetColumn::unsupportedReason);
    assertEquals(expected.arrowType(), parquetColumn.arrowField().getType());
    assertEquals(!expected.required(), parquetColumn.arrowField().isNullable());
    Map<String, List<Object>> actual = readAll(meta, List.of(parquetColumn));
    assertValues(column, expected(column), actual.get(column));
  }

  /** All columns in one reader: batches must agree on their row count across column types. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void allColumnsTogether(Variant variant) throws Exception {
    ParquetFileMetadata meta = ParquetFileMetadata.read(file(variant));
    Map<String, List<Object>> actual = readAll(meta, meta.columns());
    for (MatrixColumn column : MatrixColumns.ALL) {
      assertValues(column.name(), expected(column.name()), actual.get(column.name()));
    }
  }

  /**
   * Late materialization: a row filter keeps a changing pattern of rows (every third, none, all, a
   * scattered tenth); it loads half the columns for the kept rows (decoded in place, the others
   * left undefined) and the reader decodes the other half for the kept rows alone. Each value must
   * be the one written at its row. Run twice with the halves swapped, so every column type goes
   * through both selective paths.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void filteredReadsMaterializeExactlyTheKeptRows(Variant variant) throws Exception {
    ParquetFileMetadata meta = ParquetFileMetadata.read(file(variant));
    List<ParquetColumn> columns = meta.columns();
    for (int parity = 0; parity < 2; parity++) {
      long rowBase = 0;
      Map<String, List<Object>> actual = new HashMap<>();
      columns.forEach(c -> actual.put(c.name(), new ArrayList<>()));
      List<Long> kept = new ArrayList<>();
      for (int rg = 0; rg < meta.rowGroupCount(); rg++) {
        PatternFilter filter = new PatternFilter(columns.size(), parity, rowBase, kept);
        try (ParquetRowGroupReader reader =
            new ParquetRowGroupReader(meta, rg, columns, ALLOCATOR, null, filter)) {
          while (true) {
            try (VectorSchemaRoot batch = reader.next(BATCH)) {
              if (batch == null) {
                break;
              }
              for (int c = 0; c < columns.size(); c++) {
                FieldVector vector = batch.getVector(c);
                assertEquals(batch.getRowCount(), vector.getValueCount(), vector.getName());
                for (int row = 0; row < batch.getRowCount(); row++) {
                  actual.get(columns.get(c).name()).add(MatrixArrow.value(vector, row));
                }
              }
            }
          }
        }
        rowBase += meta.rowGroupRowCount(rg);
      }
      assertTrue(kept.size() > 0 && kept.size() < rowBase, "kept " + kept.size());
      for (MatrixColumn column : MatrixColumns.ALL) {
        List<Object> all = expected(column.name());
        List<Object> expected = new ArrayList<>();
        kept.forEach(r -> expected.add(all.get((int) (long) r)));
        assertValues(column.name() + " (columns of parity " + parity + " loaded)", expected,
            actual.get(column.name()));
      }
    }
  }

  /**
   * Decoded vectors are allocated without Arrow's zero fill, so their memory may hold an earlier
   * batch's bytes; the decoder must leave zeros under every NULL it returns (kernels compute on
   * NULL slots too). Before each batch the allocator's pool is dirtied with 0xFF bytes; full and
   * filtered reads of every type must still return zero data under their NULLs.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void nullSlotsHoldZerosEvenInReusedMemory(Variant variant) throws Exception {
    ParquetFileMetadata meta = ParquetFileMetadata.read(file(variant));
    List<ParquetColumn> columns = meta.columns();
    int nullsChecked = 0;
    for (int mode = 0; mode < 3; mode++) { // full read, then filtered with either parity loaded
      long rowBase = 0;
      for (int rg = 0; rg < meta.rowGroupCount(); rg++) {
        RowFilter filter = mode == 0 ? null
            : new PatternFilter(columns.size(), mode - 1, rowBase, new ArrayList<>());
        try (ParquetRowGroupReader reader =
            new ParquetRowGroupReader(meta, rg, columns, ALLOCATOR, null, filter)) {
          while (true) {
            dirtyPool();
            try (VectorSchemaRoot batch = reader.next(BATCH)) {
              if (batch == null) {
                break;
              }
              for (FieldVector vector : batch.getFieldVectors()) {
                if (vector instanceof org.apache.arrow.vector.BaseFixedWidthVector fixed
                    && !(vector instanceof org.apache.arrow.vector.BitVector)) {
                  nullsChecked += assertZerosUnderNulls(fixed, batch.getRowCount());
                }
              }
            }
          }
        }
        rowBase += meta.rowGroupRowCount(rg);
      }
    }
    assertTrue(nullsChecked > 0, "the matrix has NULLs in fixed-width columns");
  }

  /** Hands the allocator's pool back memory full of 0xFF bytes. */
  private static void dirtyPool() {
    for (int size : new int[] {1 << 12, 1 << 14, 1 << 16, 1 << 18, 1 << 20}) {
      try (org.apache.arrow.memory.ArrowBuf buf = ALLOCATOR.buffer(size)) {
        buf.setOne(0, buf.capacity());
      }
    }
  }

  private static int assertZerosUnderNulls(org.apache.arrow.vector.BaseFixedWidthVector vector,
      int rows) {
    int width = vector.getTypeWidth();
    int nulls = 0;
    for (int row = 0; row < rows; row++) {
      if (vector.isNull(row)) {
        nulls++;
        for (int b = 0; b < width; b++) {
          assertEquals(0, vector.getDataBuffer().getByte((long) row * width + b),
              vector.getName() + " row " + row + " byte " + b);
        }
      }
    }
    return nulls;
  }

  /**
   * Keeps rows by a pattern that changes from batch to batch, loading the columns of one parity
   * for the kept rows; records the kept file rows.
   */
  private static final class PatternFilter implements RowFilter {
    private final int columns;
    private final int parity;
    private final List<Long> kept;
    private long row;
    private int batch;

    PatternFilter(int columns, int parity, long firstRow, List<Long> kept) {
      this.columns = columns;
      this.parity = parity;
      this.row = firstRow;
      this.kept = kept;
    }

    @Override
    public int[] select(VectorSchemaRoot b, int rows, ColumnLoader loader) {
      java.util.Random random = new java.util.Random(row);
      List<Integer> keep = new ArrayList<>();
      for (int r = 0; r < rows; r++) {
        boolean k = switch (batch % 4) {
          case 0 -> (row + r) % 3 == 0;
          case 1 -> false;
          case 2 -> true;
          default -> random.nextInt(10) == 0;
        };
        if (k) {
          keep.add(r);
          kept.add(row + r);
        }
      }
      batch++;
      row += rows;
      int[] selection = keep.stream().mapToInt(Integer::intValue).toArray();
      if (selection.length > 0) {
        for (int c = parity; c < columns; c += 2) {
          loader.load(c, selection, selection.length);
        }
      }
      return selection.length == rows ? null : selection;
    }
  }

  /** Guards the matrix itself: the files must really have the shape and encodings it claims. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void filesHaveTheIntendedShape(Variant variant) throws Exception {
    ParquetFileMetadata meta = ParquetFileMetadata.read(file(variant));
    assertTrue(meta.rowGroupCount() >= 2, "row groups: " + meta.rowGroupCount());
    for (int rg = 0; rg < meta.rowGroupCount() - 1; rg++) {
      // The page row limit then forces several pages into every chunk of the row group.
      assertTrue(meta.rowGroupRowCount(rg) > MatrixFile.PAGE_ROW_LIMIT,
          "row group " + rg + " has only " + meta.rowGroupRowCount(rg) + " rows");
    }
    assertEquals(MatrixFile.ROWS, meta.rowCount());
    boolean v2 = variant.version() == WriterVersion.PARQUET_2_0;
    switch (variant.encoding()) {
      case PLAIN -> {
        assertEncodings(meta, "i64", v2 ? "DELTA_BINARY_PACKED" : "PLAIN");
        assertEncodings(meta, "i32", v2 ? "DELTA_BINARY_PACKED" : "PLAIN");
        assertEncodings(meta, "string", v2 ? "DELTA_BYTE_ARRAY" : "PLAIN");
        assertEncodings(meta, "uuid", v2 ? "DELTA_BYTE_ARRAY" : "PLAIN");
        assertEncodings(meta, "bool", v2 ? "RLE" : "PLAIN");
        assertEncodings(meta, "f64", "PLAIN");
      }
      case DICTIONARY -> {
        String dictionary = v2 ? "RLE_DICTIONARY" : "PLAIN_DICTIONARY";
        assertEncodings(meta, "i64", dictionary);
        assertEncodings(meta, "string", dictionary);
        assertEncodings(meta, "f32", dictionary);
        if (v2) { // parquet-java's v1 writer never dictionary-encodes FIXED_LEN_BYTE_ARRAY
          assertEncodings(meta, "fixed3", dictionary);
        }
        assertEncodings(meta, "int96", dictionary);
      }
      case DICTIONARY_FALLBACK -> {
        // Both in the first row group's chunk: dictionary pages first, plain ones after fallback.
        assertEncodings(meta, 0, "fallback_i64", v2 ? "RLE_DICTIONARY" : "PLAIN_DICTIONARY");
        assertEncodings(meta, 0, "fallback_i64", v2 ? "DELTA_BINARY_PACKED" : "PLAIN");
        assertEncodings(meta, 0, "fallback_string", v2 ? "RLE_DICTIONARY" : "PLAIN_DICTIONARY");
        assertEncodings(meta, 0, "fallback_string", v2 ? "DELTA_BYTE_ARRAY" : "PLAIN");
      }
      case BYTE_STREAM_SPLIT -> {
        for (String column : List.of("f32", "f64", "i32", "i64", "dec_fixed16", "fixed3", "uuid")) {
          assertEncodings(meta, column, "BYTE_STREAM_SPLIT");
        }
      }
    }
  }

  @Test
  void fileWithoutRowGroups() throws Exception {
    Path file = dir.resolve("empty.parquet");
    MatrixFile.writeRows(ExampleParquetWriter.builder(new LocalOutputFile(file))
        .withConf(new PlainParquetConfiguration()).withType(MatrixFile.SCHEMA).build(), 0);
    ParquetFileMetadata meta = ParquetFileMetadata.read(file);
    assertEquals(0, meta.rowGroupCount());
    assertEquals(0, meta.rowCount());
    assertEquals(MatrixColumns.ALL.size(), meta.columns().size());
    for (MatrixColumn column : MatrixColumns.ALL) {
      assertEquals(column.arrowType(), meta.column(column.name()).arrowField().getType());
    }
  }

  // A row group of 0 rows is not covered: parquet-java cannot make one (its file writer's endBlock
  // throws "End block with zero record", and its record writer skips empty row groups).

  /** Asserts that some chunk of {@code column} uses {@code encoding}. */
  private static void assertEncodings(ParquetFileMetadata meta, String column, String encoding) {
    assertEncodings(meta, -1, column, encoding);
  }

  /** Asserts that the chunk in {@code rowGroup} (-1: any) of {@code column} uses {@code encoding}. */
  private static void assertEncodings(ParquetFileMetadata meta, int rowGroup, String column,
      String encoding) {
    int leaf = meta.column(column).leafIndex();
    java.util.Set<String> seen = new java.util.TreeSet<>();
    for (int rg = 0; rg < meta.rowGroupCount(); rg++) {
      if (rowGroup >= 0 && rg != rowGroup) {
        continue;
      }
      ColumnMetaData chunk = meta.thrift().getRow_groups().get(rg).getColumns().get(leaf).getMeta_data();
      chunk.getEncodings().forEach(e -> seen.add(e.name()));
    }
    assertTrue(seen.contains(encoding), column + " encodings " + seen + " lack " + encoding);
  }

  /** Reads every row group of {@code columns} in batches; values per column name, in row order. */
  private static Map<String, List<Object>> readAll(ParquetFileMetadata meta, List<ParquetColumn> columns)
      throws ParquetException {
    Map<String, List<Object>> values = new HashMap<>();
    columns.forEach(c -> values.put(c.name(), new ArrayList<>()));
    for (int rg = 0; rg < meta.rowGroupCount(); rg++) {
      long rowsInGroup = 0;
      try (ParquetRowGroupReader reader = new ParquetRowGroupReader(meta, rg, columns, ALLOCATOR)) {
        while (true) {
          try (VectorSchemaRoot batch = reader.next(BATCH)) {
            if (batch == null) {
              break;
            }
            assertTrue(batch.getRowCount() <= BATCH, "batch of " + batch.getRowCount());
            assertEquals(columns.size(), batch.getFieldVectors().size());
            for (int c = 0; c < columns.size(); c++) {
              FieldVector vector = batch.getVector(c);
              assertEquals(columns.get(c).name(), vector.getName());
              assertEquals(batch.getRowCount(), vector.getValueCount(), vector.getName());
              List<Object> out = values.get(columns.get(c).name());
              for (int row = 0; row < batch.getRowCount(); row++) {
                out.add(MatrixArrow.value(vector, row));
              }
            }
            rowsInGroup += batch.getRowCount();
          }
        }
      }
      assertEquals(meta.rowGroupRowCount(rg), rowsInGroup, "rows of row group " + rg);
    }
    return values;
  }

  private static void assertValues(String column, List<Object> expected, List<Object> actual) {
    assertEquals(expected.size(), actual.size(), column + ": row count");
    for (int row = 0; row < expected.size(); row++) {
      if (!Objects.equals(expected.get(row), actual.get(row))) {
        fail(column + " row " + row + ": expected <" + abbreviate(expected.get(row)) + "> but was <"
            + abbreviate(actual.get(row)) + ">");
      }
    }
  }

  private static String abbreviate(Object value) {
    String s = String.valueOf(value);
    return s.length() > 80 ? s.substring(0, 80) + "...(" + s.length() + " chars)" : s;
  }

  private static synchronized List<Object> expected(String column) {
    return EXPECTED.computeIfAbsent(column, name -> {
      List<Object> values = new ArrayList<>();
      for (MatrixColumn.Sample s : MatrixColumns.byName(name).samples(MatrixFile.ROWS)) {
        values.add(s == null ? null : s.expected());
      }
      return values;
    });
  }

  /** Each variant's file is written once, on first use, and shared by its cases. */
  private static synchronized Path file(Variant variant) throws IOException {
    Path file = FILES.get(variant);
    if (file == null) {
      file = dir.resolve(variant.toString().replace('/', '-') + ".parquet");
      MatrixFile.write(file, variant);
      FILES.put(variant, file);
    }
    return file;
  }
}
