package io.basalt.engine.format.parquet;

import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.format.FileMetaData;

/**
 * The footer of one Parquet file, parsed once: its top-level columns (with their Arrow types) and its
 * row groups. Immutable and thread-safe; cheap to keep in a metadata cache.
 */
public final class ParquetFileMetadata {
  private final Path path;
  private final long fileSize;
  private final long modifiedMillis;
  private final FileMetaData thrift;
  private final List<ParquetColumn> columns;
  /** Page indexes read so far, by row group and leaf; lives as long as this cached footer. */
  private final java.util.Map<Long, java.util.Optional<PageIndex>> pageIndexes =
      new java.util.concurrent.ConcurrentHashMap<>();

  ParquetFileMetadata(Path path, long fileSize, long modifiedMillis, FileMetaData thrift,
      List<ParquetColumn> columns) {
    this.path = path;
    this.fileSize = fileSize;
    this.modifiedMillis = modifiedMillis;
    this.thrift = thrift;
    this.columns = List.copyOf(columns);
  }

  /**
   * Reads and parses the footer of {@code file}.
   *
   * @throws ParquetException naming the file when it is missing, unreadable, too short, not Parquet
   *     (bad magic), or its footer cannot be parsed
   */
  public static ParquetFileMetadata read(Path file) throws ParquetException {
    return ParquetFooterReader.read(file);
  }

  public Path path() {
    return path;
  }

  public long fileSize() {
    return fileSize;
  }

  public long modifiedMillis() {
    return modifiedMillis;
  }

  /** The raw Thrift footer, for statistics, column indexes and bloom filter offsets. */
  public FileMetaData thrift() {
    return thrift;
  }

  /** Top-level columns in file order; nested ones are present but marked unsupported. */
  public List<ParquetColumn> columns() {
    return columns;
  }

  public long rowCount() {
    return thrift.getNum_rows();
  }

  public int rowGroupCount() {
    return thrift.getRow_groups() == null ? 0 : thrift.getRow_groups().size();
  }

  public long rowGroupRowCount(int rowGroup) {
    return thrift.getRow_groups().get(rowGroup).getNum_rows();
  }

  /**
   * The page index of {@code column}'s chunk in {@code rowGroup}, read once and then cached with
   * this footer; null when the file has none.
   *
   * @throws ParquetException naming the file when the index cannot be read
   */
  public PageIndex pageIndex(int rowGroup, ParquetColumn column) throws ParquetException {
    long key = ((long) rowGroup << 32) | column.leafIndex();
    java.util.Optional<PageIndex> cached = pageIndexes.get(key);
    if (cached == null) {
      org.apache.parquet.format.ColumnChunk chunk =
          thrift.getRow_groups().get(rowGroup).getColumns().get(column.leafIndex());
      if (!chunk.isSetOffset_index_offset()) {
        cached = java.util.Optional.empty();
      } else {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(path,
            java.nio.file.StandardOpenOption.READ)) {
          cached = java.util.Optional.ofNullable(PageIndex.read(this, channel, chunk));
        } catch (ParquetException e) {
          throw e;
        } catch (java.io.IOException e) {
          throw new ParquetException(path, "cannot read page index: " + e, e);
        }
      }
      pageIndexes.put(key, cached);
    }
    return cached.orElse(null);
  }

  /** The column with this name (exact match), or null. */
  public ParquetColumn column(String name) {
    for (ParquetColumn c : columns) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    return null;
  }
}
