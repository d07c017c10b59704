package io.basalt.engine.format.csv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.basalt.engine.exec.ConstantVectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Reads one CSV file into Arrow batches of the projected columns, streaming: the file is read
 * through a fixed buffer and only one batch is built at a time. Every record must have exactly the
 * schema's field count; only projected fields are converted (the others are only split). A record
 * that cannot be read fails the scan with its file, line and column — or, under {@code
 * ignore_errors}, is skipped and added to the {@link CsvRejects}. Projected partition columns are
 * filled with the file's constant value.
 */
final class CsvFileScanner implements AutoCloseable {
  private final Path file;
  private final CsvSchema schema;
  private final int[] projection;
  private final CsvOptions options;
  private final CsvRejects rejects;
  private final BufferAllocator allocator;
  private final int batchRows;
  private final byte[] nullString;
  private final CsvColumnWriter[] writers;
  /** Per output position: the writer index, or -1 - partition ordinal for a partition column. */
  private final int[] sources;
  private final List<CsvColumn> partitionColumns;
  private final List<Object> partitionValues;
  private final InputStream in;
  private final CsvRecordReader reader;
  private final CsvRecord record = new CsvRecord();
  private boolean headerSkipped;
  private boolean done;

  CsvFileScanner(CsvDataset dataset, int fileIndex, int[] projection, BufferAllocator allocator,
      int batchRows) throws IOException {
    this.file = dataset.files().get(fileIndex);
    this.schema = dataset.schema();
    this.options = dataset.options();
    this.rejects = dataset.rejects();
    this.allocator = allocator;
    this.batchRows = batchRows;
    this.nullString = options.nullString().getBytes(StandardCharsets.UTF_8);
    this.partitionColumns = dataset.partitionColumns();
    this.partitionValues = dataset.partitionValues(fileIndex);
    int fileColumns = schema.columns().size();
    this.sources = new int[projection.length];
    List<Integer> fileProjection = new ArrayList<>();
    for (int i = 0; i < projection.length; i++) {
      if (projection[i] < fileColumns) {
        sources[i] = fileProjection.size();
        fileProjection.add(projection[i]);
      } else {
        sources[i] = -1 - (projection[i] - fileColumns);
      }
    }
    this.projection = fileProjection.stream().mapToInt(Integer::intValue).toArray();
    this.writers = new CsvColumnWriter[this.projection.length];
    for (int i = 0; i < writers.length; i++) {
      writers[i] = CsvColumnWriter.create(schema.columns().get(this.projection[i]));
    }
    this.in = CsvFiles.open(file);
    this.reader = new CsvRecordReader(in, file, schema.dialect(), 1 << 20);
  }

  /** The next batch (the caller owns it), or null at the end of the file. */
  VectorSchemaRoot next() throws IOException {
    if (done) {
      return null;
    }
    if (!headerSkipped) {
      headerSkipped = true;
      if (schema.dialect().header() && !reader.next(record)) {
        done = true;
        return null;
      }
    }
    int expected = schema.columns().size();
    for (CsvColumnWriter w : writers) {
      w.allocate(allocator, batchRows);
    }
    int rows = 0;
    try {
      while (rows < batchRows) {
        if (!reader.next(record)) {
          done = true;
          break;
        }
        if (record.malformed() != null) {
          reject(record.line(), null, record.malformed());
          continue;
        }
        if (record.fieldCount() != expected) {
          reject(record.line(), null, "expected " + expected + " fields, found " + record.fieldCount()
              + " (" + schema.dialect() + ")");
          continue;
        }
        if (convert(rows)) {
          rows++;
        }
      }
      if (rows == 0 && done) {
        closeWriters();
        return null;
      }
      FieldVector[] converted = new FieldVector[writers.length];
      for (int i = 0; i < writers.length; i++) {
        converted[i] = writers[i].finish(rows);
      }
      List<FieldVector> vectors = new ArrayList<>(sources.length);
      List<Field> fields = new ArrayList<>(sources.length);
      try {
        for (int source : sources) {
          FieldVector v = source >= 0 ? converted[source]
              : ConstantVectors.filled(partitionColumns.get(-1 - source).field(),
                  partitionValues.get(-1 - source), rows, allocator);
          vectors.add(v);
          fields.add(v.getField());
        }
      } catch (RuntimeException e) {
        for (FieldVector v : converted) {
          v.close();
        }
        for (int i = 0; i < vectors.size(); i++) {
          if (sources[i] < 0) {
            vectors.get(i).close();
          }
        }
        throw e;
      }
      VectorSchemaRoot batch = new VectorSchemaRoot(fields, vectors, rows);
      batch.setRowCount(rows);
      return batch;
    } catch (IOException | RuntimeException | Error e) {
      closeWriters();
      throw e;
    }
  }

  /** Converts the projected fields of the current record into row {@code row}; false if rejected. */
  private boolean convert(int row) throws CsvException {
    byte[] data = record.data();
    for (int i = 0; i < writers.length; i++) {
      int field = projection[i];
      CsvColumnWriter w = writers[i];
      if (record.isNull(field, nullString)) {
        w.writeNull(row);
      } else if (!w.write(row, data, record.start(field), record.end(field))) {
        String text = record.text(field);
        if (text.length() > 60) {
          text = text.substring(0, 60) + "...";
        }
        reject(record.line(), w.column.name(), "column " + (field + 1) + " (" + w.column.name() + "): '"
            + text + "' is not a " + w.expected() + typeHint());
        return false;
      }
    }
    return true;
  }

  private String typeHint() {
    return options.columns() != null
        ? "; the type comes from columns => ..."
        : "; the type was inferred from the first " + options.sampleSize() + " records of the first "
            + "file: give the column's type with columns => 'name TYPE, ...', raise sample_size, or "
            + "skip such records with ignore_errors => true";
  }

  private void reject(long line, String column, String reason) throws CsvException {
    if (!options.ignoreErrors()) {
      throw new CsvException(file, line, reason);
    }
    rejects.add(new CsvRejects.Reject(file, line, column, reason));
  }

  private void closeWriters() {
    for (CsvColumnWriter w : writers) {
      w.close();
    }
  }

  @Override
  public void close() {
    closeWriters();
    try {
      in.close();
    } catch (IOException e) {
      // Nothing was written; a failure to close a read stream loses nothing.
    }
  }
}
