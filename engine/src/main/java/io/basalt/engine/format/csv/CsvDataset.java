package io.basalt.engine.format.csv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A set of CSV files read as one table: the files, the options the user gave, the sniffed {@link
 * CsvSchema} (dialect and columns, from the first non-empty file) and the log of records skipped
 * under {@code ignore_errors}. Sniffing happens once, when the dataset is created.
 */
public final class CsvDataset {
  private final String name;
  private final List<Path> files;
  private final CsvOptions options;
  private final CsvSchema schema;
  private final CsvRejects rejects;
  private final long totalBytes;

  private CsvDataset(String name, List<Path> files, CsvOptions options, CsvSchema schema,
      CsvRejects rejects, long totalBytes) {
    this.name = name;
    this.files = List.copyOf(files);
    this.options = options;
    this.schema = schema;
    this.rejects = rejects;
    this.totalBytes = totalBytes;
  }

  /** Sniffs {@code files} and builds the dataset; {@code rejects} collects skipped records. */
  public static CsvDataset open(String name, List<Path> files, CsvOptions options, CsvRejects rejects)
      throws IOException {
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
    return new CsvDataset(name, files, options, schema, rejects, bytes);
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

  public List<CsvColumn> columns() {
    return schema.columns();
  }

  public List<Field> fields() {
    return schema.columns().stream().map(CsvColumn::field).toList();
  }

  public CsvRejects rejects() {
    return rejects;
  }

  /** Estimated records, from the files' sizes and the sample's bytes per record. */
  public double estimatedRowCount() {
    return Math.max(1, totalBytes / schema.bytesPerRecord());
  }
}
