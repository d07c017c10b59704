package io.basalt.engine.format.parquet.write;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnOrder;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.TypeDefinedOrder;
import org.apache.parquet.format.Util;

/**
 * Writes Arrow batches to a Parquet file without Hadoop: flat schemas only, data page v1,
 * dictionary encoding with PLAIN fallback, per-chunk statistics, page indexes (column and offset
 * index) and, for chosen columns, split-block bloom filters.
 *
 * <p>Data goes to {@code <file>.tmp-<random>} in the same directory and is renamed onto
 * {@code file} atomically by a successful {@link #close()}, so readers never see a half-written
 * file. If {@link #write} fails the temporary file is deleted at once. A caller whose own code
 * fails between writes must call {@link #abort()} instead of {@code close()} — try-with-resources
 * alone would commit the partial data:
 *
 * <pre>{@code
 * ParquetFileWriter writer = new ParquetFileWriter(path, schema, ParquetWriteOptions.defaults());
 * try {
 *   for (VectorSchemaRoot batch : batches) writer.write(batch);
 *   writer.close();
 * } catch (Throwable t) {
 *   writer.abort();
 *   throw t;
 * }
 * }</pre>
 *
 * <p>Each column buffers its compressed pages for the current row group in heap memory, so memory
 * use is roughly one compressed row group, plus what is written after the last row group and so
 * kept until {@link #close()}: the page indexes (tens of bytes per page) and the bloom filters (up
 * to 1 MiB per chunk of each bloom filter column). Not thread-safe.
 */
public final class ParquetFileWriter implements AutoCloseable {
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
  /**
   * In parquet-java's {@code <application> version <semver>} form: readers built on it (Spark,
   * Hive, Trino's old reader) ignore the statistics of files whose writer they cannot parse.
   */
  static final String CREATED_BY = "basalt version 0.1.0";
  private static final SecureRandom RANDOM = new SecureRandom();

  private enum State { OPEN, CLOSED, ABORTED }

  private final Path target;
  private final Path temporary;
  private final Schema schema;
  private final ParquetWriteOptions options;
  private final List<ColumnChunkWriter> columns = new ArrayList<>();
  private final List<SchemaElement> schemaElements = new ArrayList<>();
  private final List<RowGroup> rowGroups = new ArrayList<>();
  /** Per row group, what goes after the last row group: page indexes and bloom filters. */
  private final List<List<WrittenChunk>> writtenChunks = new ArrayList<>();
  private final PositionedOutputStream out;
  private long rowsInGroup;
  private long totalRows;
  private State state = State.OPEN;

  /**
   * Opens the temporary file and writes the leading magic bytes.
   *
   * @throws ParquetWriteException if the schema has a type the writer cannot store, a bloom
   *     filter column is missing or boolean, or the temporary file cannot be created
   */
  public ParquetFileWriter(Path file, Schema schema, ParquetWriteOptions options)
      throws IOException {
    this.target = file.toAbsolutePath();
    this.schema = schema;
    this.options = options;
    SchemaElement root = new SchemaElement("schema");
    root.setNum_children(schema.getFields().size());
    schemaElements.add(root);
    for (Field field : schema.getFields()) {
      if (!field.getChildren().isEmpty()) {
        throw new ParquetWriteException(
            target, "column '" + field.getName() + "' is nested; only flat schemas are supported");
      }
      try {
        ColumnChunkWriter column = ColumnWriterFactory.create(field, options);
        columns.add(column);
        schemaElements.add(column.column().element());
      } catch (IllegalArgumentException e) {
        throw new ParquetWriteException(target, e.getMessage(), e);
      }
    }
    Set<String> unknown = new TreeSet<>(options.bloomFilterColumns());
    for (Field field : schema.getFields()) {
      unknown.remove(field.getName());
    }
    if (!unknown.isEmpty()) {
      throw new ParquetWriteException(
          target, "bloom filter requested for " + unknown + " but the schema has no such column");
    }
    Path directory = target.getParent();
    this.temporary =
        directory.resolve(
            target.getFileName() + ".tmp-" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE));
    OutputStream stream;
    try {
      stream = Files.newOutputStream(
          temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new ParquetWriteException(target, "cannot create temporary file " + temporary, e);
    }
    this.out = new PositionedOutputStream(stream);
    try {
      out.write(MAGIC);
    } catch (IOException e) {
      abort();
      throw new ParquetWriteException(target, "cannot write to " + temporary, e);
    }
  }

  /** The file this writer will produce on {@link #close()}. */
  public Path file() {
    return target;
  }

  /**
   * Appends all rows of {@code batch}, whose columns must match the writer's schema by position,
   * name and type. Batches may have any size, including zero rows; row groups are cut at
   * {@link ParquetWriteOptions#rowGroupRows()} regardless of batch boundaries.
   *
   * @throws ParquetWriteException on a schema mismatch, a null in a NOT NULL column or an I/O
   *     error; the writer is then aborted and the temporary file deleted
   */
  public void write(VectorSchemaRoot batch) throws IOException {
    requireOpen();
    try {
      checkSchema(batch.getSchema());
      int rows = batch.getRowCount();
      int offset = 0;
      while (offset < rows) {
        int count = (int) Math.min(rows - offset, options.rowGroupRows() - rowsInGroup);
        for (int c = 0; c < columns.size(); c++) {
          columns.get(c).append(batch.getVector(c), offset, offset + count);
        }
        offset += count;
        rowsInGroup += count;
        if (rowsInGroup == options.rowGroupRows()) {
          flushRowGroup();
        }
      }
    } catch (ParquetWriteException e) {
      abort();
      throw e;
    } catch (IOException | RuntimeException e) {
      abort();
      throw new ParquetWriteException(target, describe(e), e);
    }
  }

  private void checkSchema(Schema batchSchema) throws ParquetWriteException {
    List<Field> expected = schema.getFields();
    List<Field> actual = batchSchema.getFields();
    if (expected.size() != actual.size()) {
      throw new ParquetWriteException(
          target, "batch has " + actual.size() + " columns but the file has " + expected.size());
    }
    for (int i = 0; i < expected.size(); i++) {
      Field want = expected.get(i);
      Field got = actual.get(i);
      if (!want.getName().equals(got.getName()) || !want.getType().equals(got.getType())) {
        throw new ParquetWriteException(
            target, "batch column " + i + " is '" + got.getName() + "' " + got.getType()
                + " but the file expects '" + want.getName() + "' " + want.getType());
      }
    }
  }

  private void flushRowGroup() throws IOException {
    if (rowsInGroup == 0) {
      return;
    }
    long start = out.position();
    List<ColumnChunk> chunks = new ArrayList<>(columns.size());
    List<WrittenChunk> written = new ArrayList<>(columns.size());
    long uncompressed = 0;
    long compressed = 0;
    for (ColumnChunkWriter column : columns) {
      WrittenChunk writtenChunk = column.writeChunk(out);
      written.add(writtenChunk);
      ColumnChunk chunk = writtenChunk.chunk();
      chunks.add(chunk);
      uncompressed += chunk.getMeta_data().getTotal_uncompressed_size();
      compressed += chunk.getMeta_data().getTotal_compressed_size();
    }
    RowGroup rowGroup = new RowGroup(chunks, uncompressed, rowsInGroup);
    rowGroup.setFile_offset(start);
    rowGroup.setTotal_compressed_size(compressed);
    rowGroup.setOrdinal((short) rowGroups.size());
    rowGroups.add(rowGroup);
    writtenChunks.add(written);
    totalRows += rowsInGroup;
    rowsInGroup = 0;
  }

  /**
   * Writes the last row group, the page indexes and bloom filters, and the footer, then renames the temporary file onto the target,
   * replacing any existing file. Does nothing if already closed or aborted.
   */
  @Override
  public void close() throws IOException {
    if (state != State.OPEN) {
      return;
    }
    try {
      flushRowGroup();
      // Sets the index and filter offsets on the column chunks, so it must precede the footer.
      FileIndexesWriter.write(out, writtenChunks);
      writtenChunks.clear();
      FileMetaData metadata =
          new FileMetaData(1, schemaElements, totalRows, rowGroups);
      metadata.setCreated_by(CREATED_BY);
      List<ColumnOrder> orders = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        // Declares that min_value/max_value follow each type's own sort order.
        orders.add(ColumnOrder.TYPE_ORDER(new TypeDefinedOrder()));
      }
      metadata.setColumn_orders(orders);
      long footerStart = out.position();
      Util.writeFileMetaData(metadata, out);
      long footerLength = out.position() - footerStart;
      ByteArrayBuilder tail = new ByteArrayBuilder(8);
      tail.writeIntLE(Math.toIntExact(footerLength));
      tail.writeBytes(MAGIC);
      out.write(tail.array(), 0, tail.size());
      out.close();
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      state = State.CLOSED;
    } catch (IOException | RuntimeException e) {
      abort();
      throw new ParquetWriteException(target, "cannot finish file: " + describe(e), e);
    }
  }

  /**
   * Discards everything written so far and deletes the temporary file; the target is left as it
   * was. Does nothing after a successful {@link #close()}.
   */
  public void abort() {
    if (state != State.OPEN) {
      return;
    }
    state = State.ABORTED;
    try {
      out.close();
    } catch (IOException | RuntimeException ignored) {
      // The file is being thrown away; a failing close changes nothing.
    }
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException ignored) {
      // Best effort: a leftover .tmp- file is harmless and recognisable.
    }
  }

  private void requireOpen() {
    if (state != State.OPEN) {
      throw new IllegalStateException(
          target + ": writer is " + (state == State.CLOSED ? "closed" : "aborted after an error"));
    }
  }

  private static String describe(Exception e) {
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }
}
