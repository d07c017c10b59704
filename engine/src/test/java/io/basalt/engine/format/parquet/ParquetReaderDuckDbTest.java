package io.basalt.engine.format.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.CompressionCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Writes files with DuckDB and checks every decoded value against what DuckDB itself reads from the
 * same file. Every column has nulls; batch sizes are chosen to split pages and row groups.
 */
class ParquetReaderDuckDbTest {
  /** A column: its name, the SQL producing its value from row number i, and the oracle expression. */
  record Col(String name, String value, String oracle) {
    Col(String name, String value) {
      this(name, value, "%s");
    }
  }

  static final String EPOCH_NS = "epoch_ns(%s)";
  static final String VARCHAR = "CAST(%s AS VARCHAR)";

  /** The TPC-H slice: INT32, INT64, DECIMAL from INT64, DATE, VARCHAR. */
  static final List<Col> TPCH = List.of(
      new Col("i32", "CAST(i * 7 - 3000 AS INTEGER)"),
      new Col("i64", "CAST(i AS BIGINT) * 1000000007 - 5"),
      new Col("price", "CAST((i * 1234567 - 500000000) / 100.0 AS DECIMAL(15,2))", VARCHAR),
      new Col("shipdate", "DATE '1992-01-01' + CAST(i % 2500 AS INTEGER)",
          "date_diff('day', DATE '1970-01-01', %s)"),
      new Col("comment", "'comment number ' || i || repeat('z', CAST(i % 17 AS INTEGER))"),
      new Col("flag", "['A', 'N', 'R'][CAST(i % 3 AS INTEGER) + 1]"));

  static final List<Col> ALL_TYPES = List.of(
      new Col("b", "i % 3 = 0"),
      new Col("ti", "CAST(i % 256 - 128 AS TINYINT)"),
      new Col("si", "CAST((i * 37) % 65536 - 32768 AS SMALLINT)"),
      new Col("ii", "CASE i % 50 WHEN 1 THEN -2147483648 WHEN 2 THEN 2147483647 "
          + "ELSE CAST((i * 7919) % 2000000000 - 1000000000 AS INTEGER) END"),
      new Col("bi", "CASE i % 50 WHEN 1 THEN -9223372036854775808 WHEN 2 THEN 9223372036854775807 "
          + "ELSE CAST(i AS BIGINT) * 123456789 - 99 END"),
      new Col("uti", "CAST(i % 256 AS UTINYINT)"),
      new Col("usi", "CAST((i * 13) % 65536 AS USMALLINT)"),
      new Col("ui", "CASE i % 50 WHEN 2 THEN CAST(4294967295 AS UINTEGER) "
          + "ELSE CAST((i * 99991) % 4294967296 AS UINTEGER) END"),
      new Col("ubi", "CASE i % 50 WHEN 2 THEN CAST('18446744073709551615' AS UBIGINT) "
          + "ELSE CAST(i AS UBIGINT) * 9876543211 END", VARCHAR),
      new Col("f", "CAST(i / 7.0 - 100 AS FLOAT)"),
      new Col("d", "i * 1.5e10 / 7 - 1e12"),
      new Col("dec4", "CAST(((i * 7) % 19999 - 9999) / 100.0 AS DECIMAL(4,2))", VARCHAR),
      new Col("dec9", "CAST((i * 1234567 % 1999999999 - 999999999) / 100.0 AS DECIMAL(9,2))",
          VARCHAR),
      new Col("dec18", "CAST((CAST(i % 1000 AS BIGINT) * 1234567890123 - 600000000000000) / 1000.0 "
          + "AS DECIMAL(18,3))", VARCHAR),
      new Col("dec38", "CAST(CAST(CAST(i % 1000 - 500 AS HUGEINT) * 98765432109876543210987 AS VARCHAR) "
          + "|| '.' || lpad(CAST(i AS VARCHAR), 10, '0') AS DECIMAL(38,10))", VARCHAR),
      new Col("s", "CASE WHEN i % 11 = 1 THEN '' WHEN i % 11 = 2 THEN 'héllo wörld ✓ 日本語 🎉' "
          + "WHEN i % 500 = 3 THEN repeat('x', 100000) ELSE 'str' || i END"),
      new Col("bl", "CAST('\\x00\\xFF' AS BLOB) || encode('blob' || i)", "hex(%s)"),
      new Col("dt", "DATE '1970-01-01' + CAST((i % 10000) * 37 - 5000 AS INTEGER)",
          "date_diff('day', DATE '1970-01-01', %s)"),
      new Col("tm", "CAST(TIMESTAMP '2000-01-01' + to_microseconds(i * 123456789) AS TIME)",
          "epoch_ns(DATE '1970-01-01' + %s)"),
      new Col("ts", "TIMESTAMP '1960-01-01' + to_microseconds(CAST(i % 3000 AS BIGINT) * 98765432123)",
          EPOCH_NS),
      new Col("tsms", "CAST(TIMESTAMP '1960-01-01' + to_milliseconds(CAST(i % 3000 AS BIGINT) * 98765432) "
          + "AS TIMESTAMP_MS)", EPOCH_NS),
      new Col("tsns", "CAST(TIMESTAMP '1999-01-01' + to_microseconds(CAST(i AS BIGINT) * 987654321)"
          + " AS TIMESTAMP_NS)", EPOCH_NS),
      new Col("tstz", "CAST(TIMESTAMP '1980-01-01' + to_microseconds(CAST(i AS BIGINT) * 5555555555)"
          + " AS TIMESTAMPTZ)", EPOCH_NS),
      new Col("u", "CASE WHEN i % 2 = 0 THEN gen_random_uuid() "
          + "ELSE CAST('f' || lpad(CAST(i AS VARCHAR), 7, '0') || '-0000-4000-8000-00000000abcd' "
          + "AS UUID) END", VARCHAR),
      new Col("e", "CAST(['sad', 'ok', 'happy'][CAST(i % 3 AS INTEGER) + 1] AS mood)", VARCHAR),
      new Col("j", "CAST('{\"k\":' || i || '}' AS JSON)", VARCHAR));

  @TempDir Path dir;
  private RootAllocator allocator;
  private DuckDbFiles duck;

  @BeforeEach
  void setUp() throws Exception {
    allocator = new RootAllocator();
    duck = new DuckDbFiles();
    duck.execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
  }

  @AfterEach
  void tearDown() throws Exception {
    duck.close();
    assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory leaked");
    allocator.close();
  }

  static String select(List<Col> cols, int rows, int nullEvery) {
    return "SELECT " + cols.stream()
        .map(c -> "CASE WHEN (i + " + c.name().length() + ") % " + nullEvery
            + " = 0 THEN NULL ELSE " + c.value() + " END AS " + c.name())
        .collect(Collectors.joining(", ")) + " FROM range(" + rows + ") t(i)";
  }

  /** Checks every value of every column of the file against DuckDB's reading of it. */
  private void assertMatchesDuckDb(Path file, List<Col> cols, int batchSize) throws Exception {
    String oracle = "SELECT " + cols.stream()
        .map(c -> String.format(c.oracle(), c.name()))
        .collect(Collectors.joining(", ")) + " FROM read_parquet('" + file + "')";
    List<List<String>> expected = duck.query(oracle);
    List<List<String>> actual = readAll(file, cols.stream().map(Col::name).toList(), batchSize);
    assertEquals(expected.size(), actual.size(), "row count");
    for (int r = 0; r < expected.size(); r++) {
      for (int c = 0; c < cols.size(); c++) {
        String e = expected.get(r).get(c);
        String a = actual.get(r).get(c);
        if (e != null && a != null && e.length() > 200) {
          assertTrue(e.equals(a), "row " + r + " column " + cols.get(c).name() + " (long value)");
        } else {
          assertEquals(e, a, "row " + r + " column " + cols.get(c).name());
        }
      }
    }
  }

  private List<List<String>> readAll(Path file, List<String> names, int batchSize)
      throws Exception {
    ParquetFileMetadata meta = ParquetFileMetadata.read(file);
    List<ParquetColumn> columns = new ArrayList<>();
    for (String name : names) {
      columns.add(meta.column(name));
    }
    List<List<String>> rows = new ArrayList<>();
    // As a scan does: each row group's reader reuses the buffers the previous one grew.
    ReaderBuffers buffers = new ReaderBuffers();
    for (int g = 0; g < meta.rowGroupCount(); g++) {
      try (ParquetRowGroupReader reader =
          new ParquetRowGroupReader(meta, g, columns, allocator, null, null, buffers)) {
        long groupRows = 0;
        VectorSchemaRoot batch;
        while ((batch = reader.next(batchSize)) != null) {
          try (VectorSchemaRoot b = batch) {
            assertTrue(b.getRowCount() > 0 && b.getRowCount() <= batchSize);
            groupRows += b.getRowCount();
            for (int r = 0; r < b.getRowCount(); r++) {
              List<String> row = new ArrayList<>(names.size());
              for (FieldVector v : b.getFieldVectors()) {
                assertEquals(b.getRowCount(), v.getValueCount());
                row.add(ArrowValues.format(v, r));
              }
              rows.add(row);
            }
          }
        }
        assertEquals(meta.rowGroupRowCount(g), groupRows, "rows of row group " + g);
        assertNull(reader.next(batchSize), "next() after the end stays null");
      }
    }
    assertEquals(meta.rowCount(), rows.size());
    return rows;
  }

  @ParameterizedTest
  @ValueSource(strings = {"uncompressed", "snappy", "gzip", "zstd", "lz4"})
  void tpchSliceMatchesDuckDb(String codec) throws Exception {
    Path file = duck.write(dir.resolve("tpch_" + codec + ".parquet"), select(TPCH, 5000, 13),
        "COMPRESSION " + codec + ", ROW_GROUP_SIZE 2048");
    ParquetFileMetadata meta = ParquetFileMetadata.read(file);
    assertTrue(meta.rowGroupCount() > 1, "several row groups");
    ColumnMetaData chunk = meta.thrift().getRow_groups().get(0).getColumns().get(0).getMeta_data();
    assertEquals(expectedCodec(codec), chunk.getCodec());
    assertEquals(new ArrowType.Int(32, true), meta.column("i32").arrowField().getType());
    assertEquals(new ArrowType.Int(64, true), meta.column("i64").arrowField().getType());
    assertEquals(new ArrowType.Decimal(15, 2, 128), meta.column("price").arrowField().getType());
    assertEquals(new ArrowType.Date(DateUnit.DAY), meta.column("shipdate").arrowField().getType());
    assertEquals(ArrowType.Utf8.INSTANCE, meta.column("comment").arrowField().getType());
    assertTrue(meta.column("comment").arrowField().isNullable());
    for (int batch : new int[] {1000, 777, 5000}) {
      assertMatchesDuckDb(file, TPCH, batch);
    }
  }

  private static CompressionCodec expectedCodec(String codec) {
    switch (codec) {
      case "uncompressed": return CompressionCodec.UNCOMPRESSED;
      case "snappy": return CompressionCodec.SNAPPY;
      case "gzip": return CompressionCodec.GZIP;
      case "zstd": return CompressionCodec.ZSTD;
      default: return CompressionCodec.LZ4_RAW;
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"uncompressed", "snappy", "gzip", "zstd", "lz4"})
  void everyDuckDbTypeMatchesDuckDb(String codec) throws Exception {
    Path file = duck.write(dir.resolve("all_" + codec + ".parquet"), select(ALL_TYPES, 3000, 7),
        "COMPRESSION " + codec + ", ROW_GROUP_SIZE 1000");
    for (int batch : new int[] {1024, 333}) {
      assertMatchesDuckDb(file, ALL_TYPES, batch);
    }
  }

  @Test
  void mapsEveryDuckDbTypeToItsArrowType() throws Exception {
    Path file = duck.write(dir.resolve("types.parquet"), select(ALL_TYPES, 10, 7), "");
    ParquetFileMetadata meta = ParquetFileMetadata.read(file);
    assertEquals(ArrowType.Bool.INSTANCE, type(meta, "b"));
    assertEquals(new ArrowType.Int(8, true), type(meta, "ti"));
    assertEquals(new ArrowType.Int(16, true), type(meta, "si"));
    assertEquals(new ArrowType.Int(32, true), type(meta, "ii"));
    assertEquals(new ArrowType.Int(64, true), type(meta, "bi"));
    assertEquals(new ArrowType.Int(16, true), type(meta, "uti"));
    assertEquals(new ArrowType.Int(32, true), type(meta, "usi"));
    assertEquals(new ArrowType.Int(64, true), type(meta, "ui"));
    assertEquals(new ArrowType.Decimal(20, 0, 128), type(meta, "ubi"));
    assertEquals(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), type(meta, "f"));
    assertEquals(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), type(meta, "d"));
    assertEquals(new ArrowType.Decimal(4, 2, 128), type(meta, "dec4"));
    assertEquals(new ArrowType.Decimal(9, 2, 128), type(meta, "dec9"));
    assertEquals(new ArrowType.Decimal(18, 3, 128), type(meta, "dec18"));
    assertEquals(new ArrowType.Decimal(38, 10, 128), type(meta, "dec38"));
    assertEquals(ArrowType.Utf8.INSTANCE, type(meta, "s"));
    assertEquals(ArrowType.Binary.INSTANCE, type(meta, "bl"));
    assertEquals(new ArrowType.Date(DateUnit.DAY), type(meta, "dt"));
    assertTrue(type(meta, "tm") instanceof ArrowType.Time);
    assertEquals(new ArrowType.Timestamp(TimeUnit.MICROSECOND, null), type(meta, "ts"));
    assertEquals(new ArrowType.Timestamp(TimeUnit.NANOSECOND, null), type(meta, "tsns"));
    assertEquals(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"), type(meta, "tstz"));
    assertEquals(ArrowType.Utf8.INSTANCE, type(meta, "u"));
    assertEquals(ArrowType.Utf8.INSTANCE, type(meta, "e"));
    assertEquals(ArrowType.Utf8.INSTANCE, type(meta, "j"));
    for (ParquetColumn column : meta.columns()) {
      assertTrue(column.isSupported(), column.toString());
      assertEquals(1, column.maxDefinitionLevel());
    }
  }

  private static ArrowType type(ParquetFileMetadata meta, String name) {
    return meta.column(name).arrowField().getType();
  }

  @Test
  void requiredColumnsAndManySmallRowGroups() throws Exception {
    List<Col> cols = List.of(new Col("a", "CAST(i AS INTEGER)"), new Col("s", "'v' || (i % 10)"),
        new Col("x", "CAST(i AS DOUBLE) / 3"));
    duck.execute("CREATE TABLE req (a INTEGER NOT NULL, s VARCHAR NOT NULL, x DOUBLE NOT NULL)");
    duck.execute("INSERT INTO req SELECT CAST(i AS INTEGER), 'v' || (i % 10), CAST(i AS DOUBLE) / 3"
        + " FROM range(10000) t(i)");
    Path file = duck.write(dir.resolve("req.parquet"), "SELECT * FROM req",
        "COMPRESSION snappy, ROW_GROUP_SIZE 100");
    ParquetFileMetadata meta = ParquetFileMetadata.read(file);
    assertTrue(meta.rowGroupCount() >= 3, "row groups: " + meta.rowGroupCount());
    assertEquals(0, meta.column("a").maxDefinitionLevel());
    assertFalse(meta.column("a").arrowField().isNullable());
    assertMatchesDuckDb(file, cols, 64);
  }

  /**
   * Row groups that shrink: the first has long strings, wide values and no nulls, the later ones
   * short values and ever more nulls, so each later reader decodes out of page and staging
   * buffers that are larger than its pages and still hold the earlier row group's bytes.
   */
  @ParameterizedTest
  @ValueSource(strings = {"uncompressed", "snappy", "zstd"})
  void readersReusingLargerBuffersOfEarlierRowGroups(String codec) throws Exception {
    List<Col> cols = List.of(
        new Col("s", "CASE WHEN i < 2048 THEN repeat(chr(65 + CAST(i % 26 AS INTEGER)), 500) || i"
            + " WHEN i % (i // 2048 + 1) = 0 THEN NULL ELSE 's' || (i % 7) END"),
        new Col("n", "CASE WHEN i >= 2048 AND i % (i // 2048 + 1) = 1 THEN NULL"
            + " ELSE CAST(i AS BIGINT) * 1000003 END"),
        new Col("d", "CASE WHEN i >= 4096 AND i % 3 = 0 THEN NULL"
            + " ELSE CAST(i * 1.25 AS DECIMAL(15,2)) END", VARCHAR),
        new Col("b", "CASE WHEN i >= 2048 AND i % 5 = 0 THEN NULL ELSE i % 2 = 0 END"));
    String select = "SELECT " + cols.stream().map(c -> c.value() + " AS " + c.name())
        .collect(Collectors.joining(", ")) + " FROM range(10240) t(i)";
    Path file = duck.write(dir.resolve("shrinking_" + codec + ".parquet"), select,
        "COMPRESSION " + codec + ", ROW_GROUP_SIZE 2048");
    assertTrue(ParquetFileMetadata.read(file).rowGroupCount() >= 4);
    for (int batch : new int[] {2048, 301}) {
      assertMatchesDuckDb(file, cols, batch);
    }
  }

  @Test
  void allNullColumnsAndAllNullPages() throws Exception {
    List<Col> cols = List.of(new Col("n_int", "CAST(NULL AS INTEGER)"),
        new Col("n_str", "CAST(NULL AS VARCHAR)"),
        new Col("n_dec", "CAST(NULL AS DECIMAL(18,3))", VARCHAR),
        new Col("sparse", "CASE WHEN i > 2900 THEN i END"));
    String select = "SELECT " + cols.stream().map(c -> c.value() + " AS " + c.name())
        .collect(Collectors.joining(", ")) + " FROM range(3000) t(i)";
    Path file = duck.write(dir.resolve("nulls.parquet"), select, "ROW_GROUP_SIZE 1000");
    assertMatchesDuckDb(file, cols, 500);
  }

  @Test
  void emptyFileHasNoRowGroupsButParses() throws Exception {
    Path file = duck.write(dir.resolve("empty.parquet"),
        "SELECT CAST(i AS INTEGER) AS a, 'x' AS s FROM range(0) t(i)", "");
    ParquetFileMetadata meta = ParquetFileMetadata.read(file);
    assertEquals(0, meta.rowCount());
    assertEquals(2, meta.columns().size());
    for (int g = 0; g < meta.rowGroupCount(); g++) {
      try (ParquetRowGroupReader reader =
          new ParquetRowGroupReader(meta, g, meta.columns(), allocator)) {
        assertNull(reader.next(100));
      }
    }
  }

  @Test
  void nestedColumnsAreListedAsUnsupported() throws Exception {
    Path file = duck.write(dir.resolve("nested.parquet"),
        "SELECT [1, 2] AS l, {'a': 1} AS s, MAP {'k': 2} AS m, 5 AS x", "");
    ParquetFileMetadata meta = ParquetFileMetadata.read(file);
    assertEquals(List.of("l", "s", "m", "x"),
        meta.columns().stream().map(ParquetColumn::name).toList());
    assertEquals("not supported yet: column l of type LIST", meta.column("l").unsupportedReason());
    assertEquals("not supported yet: column s of type STRUCT",
        meta.column("s").unsupportedReason());
    assertEquals("not supported yet: column m of type MAP", meta.column("m").unsupportedReason());
    assertEquals(-1, meta.column("l").leafIndex());
    assertTrue(meta.column("x").isSupported());
    assertEquals(4, meta.column("x").leafIndex(), "l, s.a, m.key, m.value come first");
    ParquetException e = assertThrows(ParquetException.class,
        () -> new ParquetRowGroupReader(meta, 0, List.of(meta.column("l")), allocator));
    assertTrue(e.getMessage().contains("not supported yet: column l of type LIST"));
    assertMatchesDuckDb(file, List.of(new Col("x", "")), 10);
  }

  @Test
  void parquetV2FilesDecode() throws Exception {
    Path file = duck.write(dir.resolve("v2.parquet"), select(ALL_TYPES, 3000, 7),
        "COMPRESSION zstd, ROW_GROUP_SIZE 1000, PARQUET_VERSION v2");
    assertMatchesDuckDb(file, ALL_TYPES, 700);
    Path tpch = duck.write(dir.resolve("v2tpch.parquet"), select(TPCH, 5000, 13),
        "COMPRESSION snappy, PARQUET_VERSION v2");
    assertMatchesDuckDb(tpch, TPCH, 1000);
  }
}
