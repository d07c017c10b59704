package io.basalt.engine.format.parquet.write;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

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

  /** One false positive in a hundred lookups of absent values. */
  public static final double DEFAULT_BLOOM_FILTER_FPP = 0.01;

  private static final ParquetWriteOptions DEFAULTS =
      new ParquetWriteOptions(
          ParquetCodec.SNAPPY,
          DEFAULT_ROW_GROUP_ROWS,
          DEFAULT_PAGE_SIZE_BYTES,
          true,
          DEFAULT_DICTIONARY_MAX_BYTES,
          DEFAULT_DICTIONARY_MAX_ENTRIES,
          true,
          Set.of(),
          DEFAULT_BLOOM_FILTER_FPP);

  private final ParquetCodec codec;
  private final int rowGroupRows;
  private final int pageSizeBytes;
  private final boolean dictionary;
  private final int dictionaryMaxBytes;
  private final int dictionaryMaxEntries;
  private final boolean pageIndexes;
  private final Set<String> bloomFilterColumns;
  private final double bloomFilterFpp;

  private ParquetWriteOptions(
      ParquetCodec codec,
      int rowGroupRows,
      int pageSizeBytes,
      boolean dictionary,
      int dictionaryMaxBytes,
      int dictionaryMaxEntries,
      boolean pageIndexes,
      Set<String> bloomFilterColumns,
      double bloomFilterFpp) {
    this.codec = Objects.requireNonNull(codec, "codec");
    this.rowGroupRows = requirePositive(rowGroupRows, "rowGroupRows");
    this.pageSizeBytes = requirePositive(pageSizeBytes, "pageSizeBytes");
    this.dictionary = dictionary;
    this.dictionaryMaxBytes = requirePositive(dictionaryMaxBytes, "dictionaryMaxBytes");
    this.dictionaryMaxEntries = requirePositive(dictionaryMaxEntries, "dictionaryMaxEntries");
    this.pageIndexes = pageIndexes;
    // Sorted, so that toString is stable; copied, so that the caller's set cannot change us.
    this.bloomFilterColumns = Collections.unmodifiableSet(
        new TreeSet<>(Objects.requireNonNull(bloomFilterColumns, "bloomFilterColumns")));
    if (!(bloomFilterFpp > 0 && bloomFilterFpp < 1)) {
      throw new IllegalArgumentException(
          "bloomFilterFpp must be between 0 and 1 (exclusive), got " + bloomFilterFpp);
    }
    this.bloomFilterFpp = bloomFilterFpp;
  }

  /**
   * Snappy, 122,880 rows per row group, 1 MiB pages, dictionary encoding on, page indexes on, no
   * bloom filters.
   */
  public static ParquetWriteOptions defaults() {
    return DEFAULTS;
  }

  public ParquetWriteOptions withCodec(ParquetCodec codec) {
    return new ParquetWriteOptions(
        codec, rowGroupRows, pageSizeBytes, dictionary, dictionaryMaxBytes, dictionaryMaxEntries,
        pageIndexes, bloomFilterColumns, bloomFilterFpp);
  }

  public ParquetWriteOptions withRowGroupRows(int rowGroupRows) {
    return new ParquetWriteOptions(
        codec, rowGroupRows, pageSizeBytes, dictionary, dictionaryMaxBytes, dictionaryMaxEntries,
        pageIndexes, bloomFilterColumns, bloomFilterFpp);
  }

  /** Target uncompressed size of a data page; a page is closed once it reaches this size. */
  public ParquetWriteOptions withPageSizeBytes(int pageSizeBytes) {
    return new ParquetWriteOptions(
        codec, rowGroupRows, pageSizeBytes, dictionary, dictionaryMaxBytes, dictionaryMaxEntries,
        pageIndexes, bloomFilterColumns, bloomFilterFpp);
  }

  public ParquetWriteOptions withDictionary(boolean dictionary) {
    return new ParquetWriteOptions(
        codec, rowGroupRows, pageSizeBytes, dictionary, dictionaryMaxBytes, dictionaryMaxEntries,
        pageIndexes, bloomFilterColumns, bloomFilterFpp);
  }

  /**
   * Limits after which a column chunk stops adding to its dictionary and writes the rest of its
   * values PLAIN.
   */
  public ParquetWriteOptions withDictionaryLimits(int maxBytes, int maxEntries) {
    return new ParquetWriteOptions(
        codec, rowGroupRows, pageSizeBytes, dictionary, maxBytes, maxEntries,
        pageIndexes, bloomFilterColumns, bloomFilterFpp);
  }

  /**
   * Whether to write a column index and an offset index for every column chunk, which let readers
   * skip pages. They cost a few bytes per page.
   */
  public ParquetWriteOptions withPageIndexes(boolean pageIndexes) {
    return new ParquetWriteOptions(
        codec, rowGroupRows, pageSizeBytes, dictionary, dictionaryMaxBytes, dictionaryMaxEntries,
        pageIndexes, bloomFilterColumns, bloomFilterFpp);
  }

  /**
   * Columns (by exact name) that get a split-block bloom filter per column chunk, for pruning row
   * groups on equality and IN predicates. Useful on high-cardinality columns that are not sorted;
   * each filter costs about 1.2 bytes per distinct value at 1% (at most 1 MiB per chunk), and is
   * held in memory until the file is closed. Boolean columns cannot have one.
   */
  public ParquetWriteOptions withBloomFilterColumns(Set<String> columns) {
    return new ParquetWriteOptions(
        codec, rowGroupRows, pageSizeBytes, dictionary, dictionaryMaxBytes, dictionaryMaxEntries,
        pageIndexes, columns, bloomFilterFpp);
  }

  /** Target false-positive probability of the bloom filters, in (0, 1). */
  public ParquetWriteOptions withBloomFilterFpp(double fpp) {
    return new ParquetWriteOptions(
        codec, rowGroupRows, pageSizeBytes, dictionary, dictionaryMaxBytes, dictionaryMaxEntries,
        pageIndexes, bloomFilterColumns, fpp);
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

  public boolean pageIndexes() {
    return pageIndexes;
  }

  /** Unmodifiable and sorted; empty by default. */
  public Set<String> bloomFilterColumns() {
    return bloomFilterColumns;
  }

  public double bloomFilterFpp() {
    return bloomFilterFpp;
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
        + ", dictionaryMaxEntries=" + dictionaryMaxEntries + ", pageIndexes=" + pageIndexes
        + ", bloomFilterColumns=" + bloomFilterColumns + ", bloomFilterFpp=" + bloomFilterFpp
        + "}";
  }
}
