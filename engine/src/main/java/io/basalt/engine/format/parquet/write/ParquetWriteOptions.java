package io.basalt.engine.format.parquet.write;

import java.util.Objects;

/**
 * Immutable settings for {@link ParquetFileWriter}. Start from {@link #defaults()} and change what
 * you need with the {@code with...} methods, each of which returns a new instance.
 */
public final class ParquetWriteOptions {
  /** 120 Ki rows: big enough for good compression, small enough to buffer per column in heap. */
  public static final int DEFAULT_ROW_GROUP_ROWS = 122_880;

  public static final int DEFAULT_PAGE_SIZE_BYTES = 1 << 20;
  public static final int DEFAULT_DICTIONARY_MAX_BYTES = 1 << 20;

  /**
   * Beyond this many distinct values in one column chunk a dictionary rarely pays for itself, and
   * index bit widths grow past 16 bits.
   */
  public static final int DEFAULT_DICTIONARY_MAX_ENTRIES = 1 << 16;

  private static final ParquetWriteOptions DEFAULTS =
      new ParquetWriteOptions(
          ParquetCodec.SNAPPY,
          DEFAULT_ROW_GROUP_ROWS,
          DEFAULT_PAGE_SIZE_BYTES,
          true,
          DEFAULT_DICTIONARY_MAX_BYTES,
          DEFAULT_DICTIONARY_MAX_ENTRIES);

  private final ParquetCodec codec;
  private final int rowGroupRows;
  private final int pageSizeBytes;
  private final boolean dictionary;
  private final int dictionaryMaxBytes;
  private final int dictionaryMaxEntries;

  private ParquetWriteOptions(
      ParquetCodec codec,
      int rowGroupRows,
      int pageSizeBytes,
      boolean dictionary,
      int dictionaryMaxBytes,
      int dictionaryMaxEntries) {
    this.codec = Objects.requireNonNull(codec, "codec");
    this.rowGroupRows = requirePositive(rowGroupRows, "rowGroupRows");
    this.pageSizeBytes = requirePositive(pageSizeBytes, "pageSizeBytes");
    this.dictionary = dictionary;
    this.dictionaryMaxBytes = requirePositive(dictionaryMaxBytes, "dictionaryMaxBytes");
    this.dictionaryMaxEntries = requirePositive(dictionaryMaxEntries, "dictionaryMaxEntries");
  }

  /** Snappy, 122,880 rows per row group, 1 MiB pages, dictionary encoding on. */
  public static ParquetWriteOptions defaults() {
    return DEFAULTS;
  }

  public ParquetWriteOptions withCodec(ParquetCodec codec) {
    return new ParquetWriteOptions(
        codec, rowGroupRows, pageSizeBytes, dictionary, dictionaryMaxBytes, dictionaryMaxEntries);
  }

  public ParquetWriteOptions withRowGroupRows(int rowGroupRows) {
    return new ParquetWriteOptions(
        codec, rowGroupRows, pageSizeBytes, dictionary, dictionaryMaxBytes, dictionaryMaxEntries);
  }

  /** Target uncompressed size of a data page; a page is closed once it reaches this size. */
  public ParquetWriteOptions withPageSizeBytes(int pageSizeBytes) {
    return new ParquetWriteOptions(
        codec, rowGroupRows, pageSizeBytes, dictionary, dictionaryMaxBytes, dictionaryMaxEntries);
  }

  public ParquetWriteOptions withDictionary(boolean dictionary) {
    return new ParquetWriteOptions(
        codec, rowGroupRows, pageSizeBytes, dictionary, dictionaryMaxBytes, dictionaryMaxEntries);
  }

  /**
   * Limits after which a column chunk stops adding to its dictionary and writes the rest of its
   * values PLAIN.
   */
  public ParquetWriteOptions withDictionaryLimits(int maxBytes, int maxEntries) {
    return new ParquetWriteOptions(
        codec, rowGroupRows, pageSizeBytes, dictionary, maxBytes, maxEntries);
  }

  public ParquetCodec codec() {
    return codec;
  }

  public int rowGroupRows() {
    return rowGroupRows;
  }

  public int pageSizeBytes() {
    return pageSizeBytes;
  }

  public boolean dictionary() {
    return dictionary;
  }

  public int dictionaryMaxBytes() {
    return dictionaryMaxBytes;
  }

  public int dictionaryMaxEntries() {
    return dictionaryMaxEntries;
  }

  private static int requirePositive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
    return value;
  }

  @Override
  public String toString() {
    return "ParquetWriteOptions{codec=" + codec + ", rowGroupRows=" + rowGroupRows
        + ", pageSizeBytes=" + pageSizeBytes + ", dictionary=" + dictionary
        + ", dictionaryMaxBytes=" + dictionaryMaxBytes
        + ", dictionaryMaxEntries=" + dictionaryMaxEntries + "}";
  }
}
