package io.basalt.engine.write;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;

/**
 * Writes batches into a hive-partitioned folder: each row goes to {@code
 * col1=value/col2=value/data_<n>.<ext>} by its partition columns' values, which are left out of
 * the files (readers take them from the folder names). NULL is {@code __HIVE_DEFAULT_PARTITION__};
 * values are URL-encoded.
 *
 * <p>At most {@code maxOpenFiles} files are open at once: when a new partition needs a file, the
 * least recently used one is closed, and if its partition comes back, a new file {@code
 * data_<n+1>} is started there. Memory therefore grows with the open files, not with the number of
 * partitions. Not thread-safe.
 */
public final class PartitionedWriter {
  private static final String NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";

  private final Path folder;
  private final WriteOptions options;
  private final BufferAllocator allocator;
  private final int[] partitionColumns;
  private final int[] dataColumns;
  private final Schema dataSchema;
  private final LinkedHashMap<String, BatchFileWriter> open = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<String, Integer> filesPerPartition = new HashMap<>();

  /**
   * @param folder the output folder (created here)
   * @param schema the schema of the batches
   */
  public PartitionedWriter(Path folder, Schema schema, WriteOptions options, BufferAllocator allocator)
      throws IOException {
    this.folder = folder;
    this.options = options;
    this.allocator = allocator;
    List<Field> fields = schema.getFields();
    this.partitionColumns = new int[options.partitionBy().size()];
    for (int i = 0; i < partitionColumns.length; i++) {
      String name = options.partitionBy().get(i);
      partitionColumns[i] = -1;
      for (int f = 0; f < fields.size(); f++) {
        if (fields.get(f).getName().equalsIgnoreCase(name)) {
          partitionColumns[i] = f;
        }
      }
      if (partitionColumns[i] < 0) {
        throw new IllegalArgumentException("PARTITION_BY column '" + name
            + "' is not a column of the query; its columns are " + fields.stream().map(Field::getName).toList());
      }
    }
    List<Integer> data = new ArrayList<>();
    List<Field> dataFields = new ArrayList<>();
    for (int f = 0; f < fields.size(); f++) {
      boolean partition = false;
      for (int p : partitionColumns) {
        partition |= p == f;
      }
      if (!partition) {
        data.add(f);
        dataFields.add(fields.get(f));
      }
    }
    if (data.isEmpty()) {
      throw new IllegalArgumentException("every column is a PARTITION_BY column: the files would have no columns");
    }
    this.dataColumns = data.stream().mapToInt(Integer::intValue).toArray();
    this.dataSchema = new Schema(dataFields);
    Files.createDirectories(folder);
  }

  /** Routes every row of {@code batch} to its partition's file. */
  public void write(VectorSchemaRoot batch) throws IOException {
    int rows = batch.getRowCount();
    // Group row numbers by partition, keeping first-seen order.
    LinkedHashMap<String, List<Integer>> groups = new LinkedHashMap<>();
    StringBuilder key = new StringBuilder();
    for (int row = 0; row < rows; row++) {
      key.setLength(0);
      for (int p : partitionColumns) {
        FieldVector v = batch.getVector(p);
        key.append(URLEncoder.encode(v.getField().getName(), StandardCharsets.UTF_8)).append('=')
            .append(folderValue(v.getObject(row))).append('/');
      }
      groups.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(row);
    }
    for (Map.Entry<String, List<Integer>> group : groups.entrySet()) {
      BatchFileWriter writer = writerFor(group.getKey());
      try (VectorSchemaRoot part = select(batch, group.getValue())) {
        writer.write(part);
      }
    }
  }

  /** The rows {@code rowNumbers} of the data columns of {@code batch}, copied. */
  private VectorSchemaRoot select(VectorSchemaRoot batch, List<Integer> rowNumbers) {
    VectorSchemaRoot out = VectorSchemaRoot.create(dataSchema, allocator);
    try {
      out.allocateNew();
      for (int c = 0; c < dataColumns.length; c++) {
        FieldVector from = batch.getVector(dataColumns[c]);
        FieldVector to = out.getVector(c);
        for (int i = 0; i < rowNumbers.size(); i++) {
          to.copyFromSafe(rowNumbers.get(i), i, from);
        }
        to.setValueCount(rowNumbers.size());
      }
      out.setRowCount(rowNumbers.size());
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  private BatchFileWriter writerFor(String partitionPath) throws IOException {
    BatchFileWriter writer = open.get(partitionPath);
    if (writer != null) {
      return writer;
    }
    if (open.size() >= options.maxOpenFiles()) {
      Iterator<Map.Entry<String, BatchFileWriter>> eldest = open.entrySet().iterator();
      BatchFileWriter evicted = eldest.next().getValue();
      eldest.remove();
      evicted.close();
    }
    int n = filesPerPartition.merge(partitionPath, 1, Integer::sum) - 1;
    Path dir = folder.resolve(partitionPath);
    Files.createDirectories(dir);
    writer = options.format().open(dir.resolve("data_" + n + options.format().extension(options.compression())),
        dataSchema, options);
    open.put(partitionPath, writer);
    return writer;
  }

  /** Closes every open file. */
  public void close() throws IOException {
    IOException first = null;
    for (BatchFileWriter w : open.values()) {
      try {
        w.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    open.clear();
    if (first != null) {
      throw first;
    }
  }

  /** Aborts every open file; the caller deletes the folder. */
  public void abort() {
    for (BatchFileWriter w : open.values()) {
      w.abort();
    }
    open.clear();
  }

  /** How many partition folders were written. */
  public int partitionCount() {
    return filesPerPartition.size();
  }

  static String folderValue(Object value) {
    if (value == null) {
      return NULL_PARTITION;
    }
    String text = value instanceof BigDecimal d ? d.toPlainString()
        : value instanceof Text t ? t.toString() : String.valueOf(value);
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
