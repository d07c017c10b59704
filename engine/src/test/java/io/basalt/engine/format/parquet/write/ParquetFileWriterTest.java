package io.basalt.engine.format.parquet.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.RowGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Writes files with {@link ParquetFileWriter} and reads them back with DuckDB. */
class ParquetFileWriterTest {
  @TempDir Path dir;
  private BufferAllocator allocator;
  private DuckDb duck;

  @BeforeEach
  void open() throws Exception {
    allocator = new RootAllocator();
    duck = new DuckDb();
  }

  @AfterEach
  void close() throws Exception {
    duck.close();
    allocator.close();
  }

  // ---------------------------------------------------------------- all types

  static Stream<Arguments> codecsAndDictionary() {
    List<Arguments> arguments = new ArrayList<>();
    for (ParquetCodec codec : ParquetCodec.values()) {
      arguments.add(Arguments.of(codec, true));
      arguments.add(Arguments.of(codec, false));
    }
    return arguments.stream();
  }

  @ParameterizedTest(name = "{0} dictionary={1}")
  @MethodSource("codecsAndDictionary")
  void everyTypeWithNullsRoundTripsThroughDuckDb(ParquetCodec codec, boolean dictionary)
      throws Exception {
    TestColumn[] columns = TestColumn.all();
    ParquetWriteOptions options =
        ParquetWriteOptions.defaults().withCodec(codec).withDictionary(dictionary)
            .withRowGroupRows(1_500).withPageSizeBytes(4_096);
    // Batch sizes straddle row groups and include empty batches.
    int[] batches = {0, 1, 777, 0, 2_000, 1_222};
    Path file = dir.resolve("all.parquet");
    Object[][] values = writeAllTypes(file, columns, options, batches, 7, true);
    int rows = values[0].length;

    assertValuesEqual(file, columns, values);
    FileMetaData footer = ParquetFooter.read(file);
    assertEquals(rows, footer.getNum_rows());
    assertEquals("basalt version 0.1.0", footer.getCreated_by());
    // parquet-java trusts the statistics of a writer it can parse.
    assertEquals("basalt", org.apache.parquet.VersionParser.parse(footer.getCreated_by()).application);
    assertEquals(3, footer.getRow_groups().size());
    assertStatisticsMatchData(file, columns, values, footer);
    for (RowGroup group : footer.getRow_groups()) {
      for (ColumnChunk chunk : group.getColumns()) {
        ColumnMetaData meta = chunk.getMeta_data();
        assertEquals(codec.thrift(), meta.getCodec());
        boolean usesDictionary = meta.getEncodings().contains(Encoding.RLE_DICTIONARY);
        if (!dictionary) {
          assertFalse(usesDictionary, meta.getPath_in_schema() + " must not use a dictionary");
        }
        assertEquals(pageBytes(file, meta), meta.getTotal_compressed_size());
      }
    }
    if (dictionary) {
      assertTrue(encodings(footer, "utf8").contains(Encoding.RLE_DICTIONARY));
    }
  }

  /** Sum of page header + page sizes must equal the chunk size the footer claims. */
  private static long pageBytes(Path file, ColumnMetaData meta) throws IOException {
    List<PageHeader> pages = ParquetFooter.pages(file, meta);
    long bytes = 0;
    for (PageHeader page : pages) {
      bytes += page.getCompressed_page_size();
    }
    // Header sizes are not stored; recompute them by serializing each header again.
    for (PageHeader page : pages) {
      ByteArrayBuilder out = new ByteArrayBuilder();
      org.apache.parquet.format.Util.writePageHeader(page, out);
      bytes += out.size();
    }
    return bytes;
  }

  @Test
  void notNullColumnsWriteNoDefinitionLevels() throws Exception {
    TestColumn[] columns = TestColumn.all();
    Path file = dir.resolve("required.parquet");
    Object[][] values =
        writeAllTypes(file, columns, ParquetWriteOptions.defaults(), new int[] {3_000}, 11, false);
    assertValuesEqual(file, columns, values);
    List<List<String>> schema =
        duck.rows("SELECT name, repetition_type FROM parquet_schema(" + DuckDb.quote(file)
            + ") WHERE num_children IS NULL");
    assertEquals(columns.length, schema.size());
    schema.forEach(row -> assertEquals("REQUIRED", row.get(1), row.get(0)));
    ParquetFooter.read(file).getRow_groups().get(0).getColumns().forEach(
        chunk -> assertFalse(chunk.getMeta_data().getEncodings().contains(Encoding.RLE)));
  }

  @Test
  void schemaCarriesLogicalAndConvertedTypes() throws Exception {
    Path file = dir.resolve("types.parquet");
    writeAllTypes(file, TestColumn.all(), ParquetWriteOptions.defaults(), new int[] {10}, 1, true);
    List<List<String>> rows =
        duck.rows("SELECT name, type, converted_type, type_length, scale, precision"
            + " FROM parquet_schema(" + DuckDb.quote(file) + ") WHERE num_children IS NULL");
    String actual =
        rows.stream().map(r -> String.join(" ", r.stream().map(String::valueOf).toList()))
            .collect(Collectors.joining("\n"));
    String expected = String.join("\n",
        "bool BOOLEAN null null null null",
        "i8 INT32 INT_8 null null null",
        "i16 INT32 INT_16 null null null",
        "i32 INT32 null null null null",
        "i64 INT64 null null null null",
        "f32 FLOAT null null null null",
        "f64 DOUBLE null null null null",
        "dec5_2 INT32 DECIMAL null 2 5",
        "dec18_4 INT64 DECIMAL null 4 18",
        "dec38_10 FIXED_LEN_BYTE_ARRAY DECIMAL 16 10 38",
        "utf8 BYTE_ARRAY UTF8 null null null",
        "bin BYTE_ARRAY null null null null",
        "fixed FIXED_LEN_BYTE_ARRAY null 4 null null",
        "date INT32 DATE null null null",
        "time_ms INT32 null null null null",
        "time_us INT64 null null null null",
        "ts_ms INT64 null null null null",
        "ts_us_utc INT64 TIMESTAMP_MICROS null null null",
        "ts_ns INT64 null null null null");
    assertEquals(expected, actual);
    List<List<String>> types =
        duck.rows("SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet("
            + DuckDb.quote(file) + "))");
    assertEquals(
        List.of("BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "FLOAT", "DOUBLE",
            "DECIMAL(5,2)", "DECIMAL(18,4)", "DECIMAL(38,10)", "VARCHAR", "BLOB", "BLOB", "DATE",
            "TIME", "TIME", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_NS"),
        types.stream().map(r -> r.get(0)).toList());
  }

  /**
   * Writes rows of random values in the given batch sizes; every 7th row (per column, shifted) is
   * null when {@code nullable}. Returns values[column][row].
   */
  private Object[][] writeAllTypes(Path file, TestColumn[] columns, ParquetWriteOptions options,
      int[] batchSizes, long seed, boolean nullable) throws IOException {
    Random random = new Random(seed);
    List<Field> fields = new ArrayList<>();
    for (TestColumn column : columns) {
      fields.add(column.field(nullable));
    }
    Schema schema = new Schema(fields);
    int total = Arrays.stream(batchSizes).sum();
    Object[][] values = new Object[columns.length][total];
    int row = 0;
    try (ParquetFileWriter writer = new ParquetFileWriter(file, schema, options);
        VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator)) {
      for (int size : batchSizes) {
        batch.allocateNew();
        for (int i = 0; i < size; i++, row++) {
          for (int c = 0; c < columns.length; c++) {
            FieldVector vector = batch.getVector(c);
            boolean isNull = nullable && (row + c) % 7 == 0;
            if (isNull) {
              vector.setNull(i);
            } else {
              Object value = columns[c].generator.apply(random);
              values[c][row] = value;
              columns[c].setter.set(vector, i, value);
            }
          }
        }
        batch.setRowCount(size);
        writer.write(batch);
      }
    }
    return values;
  }

  private void assertValuesEqual(Path file, TestColumn[] columns, Object[][] values)
      throws Exception {
    String select =
        Arrays.stream(columns).map(TestColumn::select).collect(Collectors.joining(", "));
    int rows = values.length == 0 ? 0 : values[0].length;
    duck.query(
        "SELECT " + select + " FROM read_parquet(" + DuckDb.quote(file) + ")",
        rs -> {
          int row = 0;
          while (rs.next()) {
            for (int c = 0; c < columns.length; c++) {
              columns[c].check(rs, c + 1, values[c][row], columns[c].name + " row " + row);
            }
            row++;
          }
          assertEquals(rows, row, "row count");
        });
  }

  /**
   * For every row group and column, DuckDB's view of our statistics must equal min, max and null
   * count that DuckDB computes from the data of that row group (floats: from the Java values).
   */
  private void assertStatisticsMatchData(Path file, TestColumn[] columns, Object[][] values,
      FileMetaData footer) throws Exception {
    String f = DuckDb.quote(file);
    long firstRow = 0;
    for (int g = 0; g < footer.getRow_groups().size(); g++) {
      long groupRows = footer.getRow_groups().get(g).getNum_rows();
      for (int c = 0; c < columns.length; c++) {
        TestColumn column = columns[c];
        String name = "\"" + column.name + "\"";
        List<String> stats =
            duck.rows("SELECT stats_min_value, stats_max_value, stats_null_count FROM"
                + " parquet_metadata(" + f + ") WHERE row_group_id = " + g
                + " AND path_in_schema = '" + column.name + "'").get(0);
        List<String> data =
            duck.rows("SELECT CAST(min(" + name + ") AS VARCHAR), CAST(max(" + name
                + ") AS VARCHAR), count(*) - count(" + name + ") FROM read_parquet(" + f
                + ", file_row_number = true) WHERE file_row_number >= " + firstRow
                + " AND file_row_number < " + (firstRow + groupRows)).get(0);
        String where = column.name + " row group " + g;
        assertEquals(data.get(2), stats.get(2), where + " null count");
        if (column.type instanceof ArrowType.FloatingPoint) {
          assertFloatStats(values[c], (int) firstRow, (int) groupRows, stats, where);
        } else {
          assertEquals(data.get(0), stats.get(0), where + " min");
          assertEquals(data.get(1), stats.get(1), where + " max");
        }
      }
      firstRow += groupRows;
    }
  }

  private static void assertFloatStats(Object[] values, int from, int count, List<String> stats,
      String where) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int r = from; r < from + count; r++) {
      if (values[r] != null) {
        double v = ((Number) values[r]).doubleValue();
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    boolean isFloat = values[from] instanceof Float || values[from + 1] instanceof Float;
    double statsMin = isFloat ? Float.parseFloat(stats.get(0)) : Double.parseDouble(stats.get(0));
    double statsMax = isFloat ? Float.parseFloat(stats.get(1)) : Double.parseDouble(stats.get(1));
    assertTrue(statsMin == min, where + " min " + stats.get(0) + " vs " + min);
    assertTrue(statsMax == max, where + " max " + stats.get(1) + " vs " + max);
  }

  private static List<Encoding> encodings(FileMetaData footer, String column) {
    List<Encoding> encodings = new ArrayList<>();
    for (RowGroup group : footer.getRow_groups()) {
      for (ColumnChunk chunk : group.getColumns()) {
        if (chunk.getMeta_data().getPath_in_schema().equals(List.of(column))) {
          encodings.addAll(chunk.getMeta_data().getEncodings());
        }
      }
    }
    return encodings;
  }

  // ---------------------------------------------------------------- shapes

  @Test
  void zeroRowsGiveAValidFileWithoutRowGroups() throws Exception {
    Path file = dir.resolve("empty.parquet");
    Schema schema = new Schema(List.of(
        Field.nullable("a", new ArrowType.Int(64, true)),
        Field.notNullable("b", ArrowType.Utf8.INSTANCE)));
    try (ParquetFileWriter writer = new ParquetFileWriter(file, schema, ParquetWriteOptions.defaults());
        VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator)) {
      batch.setRowCount(0);
      writer.write(batch);
    }
    assertEquals("0", duck.single("SELECT count(*) FROM read_parquet(" + DuckDb.quote(file) + ")"));
    assertEquals("BIGINT VARCHAR", String.join(" ",
        duck.rows("SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet("
            + DuckDb.quote(file) + "))").stream().map(r -> r.get(0)).toList()));
    FileMetaData footer = ParquetFooter.read(file);
    assertEquals(0, footer.getRow_groups().size());
    assertEquals(0, footer.getNum_rows());

    Path untouched = dir.resolve("never-written.parquet");
    new ParquetFileWriter(untouched, schema, ParquetWriteOptions.defaults()).close();
    assertEquals("0",
        duck.single("SELECT count(*) FROM read_parquet(" + DuckDb.quote(untouched) + ")"));
  }

  @Test
  void largeColumnsSpanManyPagesAndRowGroups() throws Exception {
    Path file = dir.resolve("paged.parquet");
    Schema schema = new Schema(List.of(
        Field.notNullable("id", new ArrowType.Int(64, true)),
        Field.nullable("s", ArrowType.Utf8.INSTANCE)));
    int rows = 250_000;
    ParquetWriteOptions options =
        ParquetWriteOptions.defaults().withRowGroupRows(100_000).withPageSizeBytes(64 * 1024);
    try (ParquetFileWriter writer = new ParquetFileWriter(file, schema, options);
        VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator)) {
      BigIntVector id = (BigIntVector) batch.getVector(0);
      VarCharVector s = (VarCharVector) batch.getVector(1);
      int written = 0;
      while (written < rows) {
        int size = Math.min(33_333, rows - written);
        batch.allocateNew();
        for (int i = 0; i < size; i++) {
          long v = written + i;
          id.setSafe(i, v);
          if (v % 10 == 3) {
            s.setNull(i);
          } else {
            s.setSafe(i, ("value-" + v).getBytes(StandardCharsets.UTF_8));
          }
        }
        batch.setRowCount(size);
        writer.write(batch);
        written += size;
      }
    }
    String f = DuckDb.quote(file);
    assertEquals(List.of(String.valueOf(rows), String.valueOf((long) rows * (rows - 1) / 2),
            String.valueOf(rows / 10), "0"),
        duck.rows("SELECT count(*), sum(id), count(*) - count(s),"
            + " count(*) FILTER (WHERE s IS NOT NULL AND s <> 'value-' || id)"
            + " FROM read_parquet(" + f + ")").get(0));
    FileMetaData footer = ParquetFooter.read(file);
    assertEquals(List.of(100_000L, 100_000L, 50_000L),
        footer.getRow_groups().stream().map(RowGroup::getNum_rows).toList());
    ColumnMetaData ids = footer.getRow_groups().get(0).getColumns().get(0).getMeta_data();
    List<PageHeader> pages = ParquetFooter.pages(file, ids);
    long dataPages = pages.stream().filter(p -> p.getType() == PageType.DATA_PAGE).count();
    assertTrue(dataPages >= 5, "expected several data pages, got " + dataPages);
    assertEquals(100_000, pages.stream().filter(p -> p.getType() == PageType.DATA_PAGE)
        .mapToInt(p -> p.getData_page_header().getNum_values()).sum());
    assertEquals(List.of("0", "99999"), duck.rows(
        "SELECT stats_min_value, stats_max_value FROM parquet_metadata(" + f
            + ") WHERE row_group_id = 0 AND path_in_schema = 'id'").get(0));
  }

  @Test
  void dictionaryFallsBackToPlainWhenFull() throws Exception {
    Path file = dir.resolve("fallback.parquet");
    Schema schema = new Schema(List.of(
        Field.nullable("s", ArrowType.Utf8.INSTANCE),
        Field.nullable("n", new ArrowType.Int(32, true))));
    ParquetWriteOptions options = ParquetWriteOptions.defaults()
        .withDictionaryLimits(16 * 1024, 1_000).withPageSizeBytes(2_000);
    int rows = 20_000;
    try (ParquetFileWriter writer = new ParquetFileWriter(file, schema, options);
        VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator)) {
      batch.allocateNew();
      VarCharVector s = (VarCharVector) batch.getVector(0);
      IntVector n = (IntVector) batch.getVector(1);
      for (int i = 0; i < rows; i++) {
        // Repeating values first (dictionary pays), then all distinct (it overflows).
        int v = i < 5_000 ? i % 50 : i;
        s.setSafe(i, ("s" + v).getBytes(StandardCharsets.UTF_8));
        n.setSafe(i, v);
      }
      batch.setRowCount(rows);
      writer.write(batch);
    }
    String f = DuckDb.quote(file);
    assertEquals("0", duck.single("SELECT count(*) FROM read_parquet(" + f + ") WHERE s <> 's' || n"));
    assertEquals("20000", duck.single("SELECT count(*) FROM read_parquet(" + f + ")"));
    FileMetaData footer = ParquetFooter.read(file);
    for (String column : List.of("s", "n")) {
      List<Encoding> encodings = encodings(footer, column);
      assertTrue(encodings.contains(Encoding.RLE_DICTIONARY), column + " " + encodings);
      assertTrue(encodings.contains(Encoding.PLAIN), column + " " + encodings);
    }
    List<List<String>> values =
        duck.rows("SELECT n FROM read_parquet(" + f + ") WHERE n >= 4990 ORDER BY n LIMIT 3");
    assertEquals(List.of(List.of("5000"), List.of("5001"), List.of("5002")), values);
    long ordered = Long.parseLong(duck.single(
        "SELECT count(*) FROM (SELECT n, row_number() OVER () - 1 AS r FROM read_parquet(" + f
            + ")) WHERE r >= 5000 AND n <> r"));
    assertEquals(0, ordered);
  }

  @Test
  void hugeAndNonAsciiStrings() throws Exception {
    Path file = dir.resolve("strings.parquet");
    Schema schema = new Schema(List.of(Field.nullable("s", ArrowType.Utf8.INSTANCE)));
    // Starts with U+1F643 (F0 9F 99 83), so it sorts after every other value: it is the max.
    String huge = "🙃" + "x".repeat(3 * 1024 * 1024) + "é";
    List<String> strings = List.of("a", "z", "é", "日本語テキスト", "🙂 emoji", huge, "", "ab");
    writeStrings(file, schema, strings, ParquetWriteOptions.defaults().withPageSizeBytes(1 << 16));
    List<List<String>> rows =
        duck.rows("SELECT s, length(s) FROM read_parquet(" + DuckDb.quote(file) + ")");
    assertEquals(strings, rows.stream().map(r -> r.get(0)).toList());
    assertEquals(String.valueOf(huge.codePointCount(0, huge.length())), rows.get(5).get(1));
    // The huge value is the max: rather than truncate it, the writer leaves min/max out.
    org.apache.parquet.format.Statistics statistics =
        ParquetFooter.read(file).getRow_groups().get(0).getColumns().get(0).getMeta_data()
            .getStatistics();
    assertFalse(statistics.isSetMin_value() || statistics.isSetMax_value()
        || statistics.isSetMin() || statistics.isSetMax(), statistics.toString());
    assertEquals(0, statistics.getNull_count());
    List<String> stats = duck.rows("SELECT stats_min_value, stats_max_value FROM parquet_metadata("
        + DuckDb.quote(file) + ")").get(0);
    assertNull(stats.get(1));

    Path small = dir.resolve("small-strings.parquet");
    List<String> smallStrings = List.of("a", "z", "é", "日本語", "Zebra", "ab");
    writeStrings(small, schema, smallStrings, ParquetWriteOptions.defaults());
    stats = duck.rows("SELECT stats_min_value, stats_max_value FROM parquet_metadata("
        + DuckDb.quote(small) + ")").get(0);
    // Unsigned byte order: 'Z' < 'a' < 'z' < 'é' (0xC3) < '日' (0xE6).
    assertEquals(List.of("Zebra", "日本語"), stats);
  }

  private void writeStrings(Path file, Schema schema, List<String> strings,
      ParquetWriteOptions options) throws IOException {
    try (ParquetFileWriter writer = new ParquetFileWriter(file, schema, options);
        VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator)) {
      batch.allocateNew();
      VarCharVector s = (VarCharVector) batch.getVector(0);
      for (int i = 0; i < strings.size(); i++) {
        s.setSafe(i, strings.get(i).getBytes(StandardCharsets.UTF_8));
      }
      batch.setRowCount(strings.size());
      writer.write(batch);
    }
  }

  @Test
  void floatStatisticsAreOmittedWhenNaNPresent() throws Exception {
    Path file = dir.resolve("nan.parquet");
    Schema schema = new Schema(List.of(
        Field.nullable("f", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
        Field.nullable("d", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));
    try (ParquetFileWriter writer = new ParquetFileWriter(file, schema, ParquetWriteOptions.defaults());
        VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator)) {
      batch.allocateNew();
      Float4Vector f = (Float4Vector) batch.getVector(0);
      Float8Vector d = (Float8Vector) batch.getVector(1);
      f.setSafe(0, 1.5f);
      f.setSafe(1, Float.NaN);
      f.setSafe(2, -2.5f);
      d.setSafe(0, 0.0);
      d.setSafe(1, 3.25);
      d.setNull(2);
      batch.setRowCount(3);
      writer.write(batch);
    }
    List<List<String>> stats = duck.rows("SELECT path_in_schema, stats_min_value,"
        + " stats_max_value, stats_null_count FROM parquet_metadata(" + DuckDb.quote(file)
        + ") ORDER BY column_id");
    assertEquals(Arrays.asList("f", null, null, "0"), stats.get(0));
    assertEquals("d", stats.get(1).get(0));
    // A zero minimum is written as -0.0 so that readers comparing with either zero stay right.
    assertEquals(-0.0, Double.parseDouble(stats.get(1).get(1)));
    assertEquals(0, Double.compare(-0.0, Double.parseDouble(stats.get(1).get(1))));
    assertEquals(3.25, Double.parseDouble(stats.get(1).get(2)));
    assertEquals("1", stats.get(1).get(3));
    assertEquals("1", duck.single("SELECT count(*) FROM read_parquet(" + DuckDb.quote(file)
        + ") WHERE isnan(f)"));
  }

  // ---------------------------------------------------------------- failure handling

  @Test
  void failedWriteLeavesNoFileAndNamesTheProblem() throws Exception {
    Path file = dir.resolve("bad.parquet");
    Schema schema = new Schema(List.of(Field.notNullable("k", new ArrowType.Int(32, true))));
    ParquetFileWriter writer = new ParquetFileWriter(file, schema, ParquetWriteOptions.defaults());
    try (VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator)) {
      batch.allocateNew();
      ((IntVector) batch.getVector(0)).setSafe(0, 1);
      ((IntVector) batch.getVector(0)).setNull(1);
      batch.setRowCount(2);
      ParquetWriteException e = assertThrows(ParquetWriteException.class, () -> writer.write(batch));
      assertTrue(e.getMessage().contains("bad.parquet"), e.getMessage());
      assertTrue(e.getMessage().contains("'k'") && e.getMessage().contains("NOT NULL"),
          e.getMessage());
    }
    writer.close(); // what try-with-resources would do: must not commit anything
    assertDirectoryHolds();
  }

  @Test
  void schemaMismatchIsRejected() throws Exception {
    Path file = dir.resolve("mismatch.parquet");
    Schema schema = new Schema(List.of(Field.notNullable("k", new ArrowType.Int(32, true))));
    Schema other = new Schema(List.of(Field.notNullable("k", new ArrowType.Int(64, true))));
    try (ParquetFileWriter writer = new ParquetFileWriter(file, schema, ParquetWriteOptions.defaults());
        VectorSchemaRoot batch = VectorSchemaRoot.create(other, allocator)) {
      batch.setRowCount(0);
      ParquetWriteException e = assertThrows(ParquetWriteException.class, () -> writer.write(batch));
      assertTrue(e.getMessage().contains("mismatch.parquet: batch column 0"), e.getMessage());
      assertThrows(IllegalStateException.class, () -> writer.write(batch));
    }
    assertDirectoryHolds();
  }

  @Test
  void abortDeletesTheTemporaryFileAndKeepsAnOldTarget() throws Exception {
    Path file = dir.resolve("keep.parquet");
    Files.writeString(file, "old content");
    Schema schema = new Schema(List.of(Field.notNullable("k", new ArrowType.Int(32, true))));
    ParquetFileWriter writer = new ParquetFileWriter(file, schema, ParquetWriteOptions.defaults());
    try (VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator)) {
      batch.allocateNew();
      ((IntVector) batch.getVector(0)).setSafe(0, 1);
      batch.setRowCount(1);
      writer.write(batch);
      try (Stream<Path> files = Files.list(dir)) {
        assertEquals(2, files.count(), "target plus its temporary file while writing");
      }
      writer.abort();
    }
    writer.close();
    assertDirectoryHolds("keep.parquet");
    assertEquals("old content", Files.readString(file));

    // A successful close replaces the old file atomically.
    try (ParquetFileWriter replacing = new ParquetFileWriter(file, schema, ParquetWriteOptions.defaults());
        VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator)) {
      batch.allocateNew();
      ((IntVector) batch.getVector(0)).setSafe(0, 42);
      batch.setRowCount(1);
      replacing.write(batch);
    }
    assertDirectoryHolds("keep.parquet");
    assertEquals("42", duck.single("SELECT k FROM read_parquet(" + DuckDb.quote(file) + ")"));
  }

  @Test
  void unsupportedTypesAreRejectedUpFront() {
    Schema schema = new Schema(List.of(
        new Field("u", FieldType.nullable(new ArrowType.Int(32, false)), null)));
    ParquetWriteException e = assertThrows(ParquetWriteException.class,
        () -> new ParquetFileWriter(dir.resolve("u.parquet"), schema, ParquetWriteOptions.defaults()));
    assertTrue(e.getMessage().contains("'u'"), e.getMessage());
    assertDirectoryHoldsUnchecked();
  }

  private void assertDirectoryHolds(String... names) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(names), files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  private void assertDirectoryHoldsUnchecked() {
    try {
      assertDirectoryHolds();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
