package io.basalt.engine.write;

import io.basalt.engine.format.parquet.write.ParquetWriteOptions;
import java.util.List;

/**
 * How a query result is written: format, compression, rows per Parquet row group, the columns
 * (by name) that partition the output into hive folders, whether an existing target is replaced,
 * and how many partition files may be open at once.
 */
public record WriteOptions(WriteFormat format, WriteFormat.Compression compression, int rowGroupRows,
    List<String> partitionBy, boolean overwrite, int maxOpenFiles) {
  public static final int DEFAULT_MAX_OPEN_FILES = 32;

  public WriteOptions {
    partitionBy = List.copyOf(partitionBy);
    if (rowGroupRows < 1) {
      throw new IllegalArgumentException("ROW_GROUP_SIZE must be at least 1, got " + rowGroupRows);
    }
    if (maxOpenFiles < 1) {
      throw new IllegalArgumentException("MAX_OPEN_FILES must be at least 1, got " + maxOpenFiles);
    }
    if (format == WriteFormat.CSV && compression == WriteFormat.Compression.SNAPPY) {
      throw new IllegalArgumentException("COMPRESSION snappy is for Parquet; CSV is written with gzip, zstd or none");
    }
  }

  /** Parquet, zstd, 122,880 rows per row group, no partitions, no overwrite. */
  public static WriteOptions defaults(WriteFormat format) {
    return new WriteOptions(format,
        format == WriteFormat.PARQUET ? WriteFormat.Compression.ZSTD : WriteFormat.Compression.NONE,
        ParquetWriteOptions.DEFAULT_ROW_GROUP_ROWS, List.of(), false, DEFAULT_MAX_OPEN_FILES);
  }
}
