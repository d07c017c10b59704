package io.basalt.engine.format.csv;

import io.basalt.engine.catalog.PartitionValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A set of CSV files read as one table: the files, the options the user gave, the sniffed {@link
 * CsvSchema} (dialect and columns, from the first non-empty file) and the log of records skipped
 * under {@code ignore_errors}. Sniffing happens once, when the dataset is created.
 *
 * <p>Hive {@code key=value} folders between the dataset's root folder and its files become
 * columns after the files' own ones, typed like Parquet partitions (BIGINT if every value is an
 * integer, DATE if every value is an ISO date, VARCHAR otherwise; {@code
 * __HIVE_DEFAULT_PARTITION__} is NULL). A key that is also a column of the files is left to the
 * files.
 */
public final class CsvDataset {
  private final String name;
  private final List<Path> files;
  private final CsvOptions options;
  private final CsvSchema schema;
  private final CsvRejects rejects;
  private final long totalBytes;
  private final List<CsvColumn> partitionColumns;
  /** Per file, the values of {@link #partitionColumns} (Long, Integer epoch day, String or null). */
  private final List<List<Object>> partitionValues;

  private CsvDataset(String name, List<Path> files, CsvOptions options, CsvSchema schema,
      CsvRejects rejects, long totalBytes, List<CsvColumn> partitionColumns,
      List<List<Object>> partitionValues) {
    this.name = name;
    this.files = List.copyOf(files);
    this.options = options;
    this.schema = schema;
    this.rejects = rejects;
    this.totalBytes = totalBytes;
    this.partitionColumns = List.copyOf(partitionColumns);
    this.partitionValues = List.copyOf(partitionValues);
  }

  /** Sniffs {@code files} and builds the dataset, without partition columns. */
  public static CsvDataset open(String name, List<Path> files, CsvOptions options, CsvRejects rejects)
      throws IOException {
    return open(name, null, files, options, rejects);
  }

  /**
   * Sniffs {@code files} and builds the dataset; {@code rejects} collects skipped records.
   *
   * @param root the folder whose {@code key=value} sub-folders are partition columns, or null
   */
  public static CsvDataset open(String name, Path root, List<Path> files, CsvOptions options,
      CsvRejects rejects) throws IOException {
    if (files.isEmpty()) {
      throw new CsvException(Path.of(name), 0, "no CSV files");
    }
    CsvSchema schema = CsvSniffer.sniff(files, options);
    long bytes = 0;
    for (Path f : files) {
      long size = Files.size(f);
      // Compressed text is typically 4-8 times smaller; the estimate only steers planning.
      bytes += f.getFileName().toString().endsWith(".csv") || f.getFileName().toString().endsWith(".tsv")
          ? size : size * 5;
    }
    List<CsvColumn> partitionColumns = new ArrayList<>();
    List<List<Object>> values = new ArrayList<>();
    partitions(root, files, schema, partitionColumns, values);
    return new CsvDataset(name, files, options, schema, rejects, bytes, partitionColumns, values);
  }

  private static void partitions(Path root, List<Path> files, CsvSchema schema, List<CsvColumn> columns,
      List<List<Object>> valuesPerFile) {
    List<Map<String, String>> raw = new ArrayList<>();
    Map<String, List<String>> byKey = new LinkedHashMap<>();
    for (Path f : files) {
      Map<String, String> v = root == null ? Map.of() : PartitionValues.parse(root, f);
      raw.add(v);
      v.keySet().forEach(k -> byKey.computeIfAbsent(k, x -> new ArrayList<>()));
    }
    for (CsvColumn c : schema.columns()) {
      byKey.keySet().removeIf(k -> k.equalsIgnoreCase(c.name()));
    }
    List<String> keys = new ArrayList<>(byKey.keySet());
    for (Map<String, String> v : raw) {
      for (String k : keys) {
        byKey.get(k).add(v.get(k));
      }
    }
    List<ArrowType> types = new ArrayList<>();
    for (String k : keys) {
      ArrowType type = PartitionValues.inferType(byKey.get(k));
      types.add(type);
      columns.add(new CsvColumn(k, switch (type.getTypeID()) {
        case Int -> CsvType.BIGINT;
        case Date -> CsvType.DATE;
        default -> CsvType.VARCHAR;
      }));
    }
    for (int f = 0; f < files.size(); f++) {
      List<Object> row = new ArrayList<>();
      for (int k = 0; k < keys.size(); k++) {
        List<Object> converted = PartitionValues.convert(
            java.util.Collections.singletonList(raw.get(f).get(keys.get(k))), types.get(k));
        row.add(converted.get(0));
      }
      valuesPerFile.add(row);
    }
  }

  /** Columns that come from {@code key=value} folders, after the file columns. */
  public List<CsvColumn> partitionColumns() {
    return partitionColumns;
  }

  /** The partition values of file {@code fileIndex}, in {@link #partitionColumns()} order. */
  public List<Object> partitionValues(int fileIndex) {
    return partitionValues.get(fileIndex);
  }


  public String name() {
    return name;
  }

  public List<Path> files() {
    return files;
  }

  public CsvOptions options() {
    return options;
  }

  public CsvSchema schema() {
    return schema;
  }

  /** The file columns, then the partition columns. */
  public List<CsvColumn> columns() {
    List<CsvColumn> all = new ArrayList<>(schema.columns());
    all.addAll(partitionColumns);
    return all;
  }

  public List<Field> fields() {
    return columns().stream().map(CsvColumn::field).toList();
  }

  public CsvRejects rejects() {
    return rejects;
  }

  /** Estimated records, from the files' sizes and the sample's bytes per record. */
  public double estimatedRowCount() {
    return Math.max(1, totalBytes / schema.bytesPerRecord());
  }
}
