package io.basalt.engine.format.parquet.write;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnIndex;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DictionaryPageHeader;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.PageEncodingStats;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.Statistics;
import org.apache.parquet.format.Util;

/**
 * Buffers one column chunk (the column's share of a row group) as compressed v1 data pages, then
 * writes it to the file with an optional dictionary page in front. Subclasses own the values of
 * the current page, the dictionary and the min/max statistics (of the chunk and of the current
 * page) for one physical type, and feed the bloom filter; this class owns definition levels,
 * paging, compression, the chunk metadata and the page index entries.
 */
abstract class ColumnChunkWriter {
  /**
   * Pages also close after this many rows, so that readers can skip at a finer grain than 1 MiB
   * when values are tiny (and RLE-encoded levels stay cheap to decode).
   */
  static final int MAX_PAGE_ROWS = 20_000;

  protected final LeafColumn column;
  protected final ParquetWriteOptions options;
  private final PageCompressor compressor;
  private final CompressionCodec codec;

  private final ByteArrayBuilder pageBody = new ByteArrayBuilder(64 * 1024);
  private final ByteArrayBuilder compressed = new ByteArrayBuilder(64 * 1024);
  private final ByteArrayBuilder header = new ByteArrayBuilder(64);
  private final ByteArrayBuilder dataPages = new ByteArrayBuilder(64 * 1024);

  private int[] definitionLevels = new int[1024];
  private int pageRows;

  private long chunkValues;
  private long chunkNulls;
  private long dataPagesUncompressedBytes;
  private final Map<Encoding, Integer> dataPageEncodings = new EnumMap<>(Encoding.class);

  private int pageNulls;
  private final ColumnIndexBuilder columnIndex;
  private final OffsetIndexBuilder offsetIndex = new OffsetIndexBuilder();
  /** Null unless the options ask for a bloom filter on this column. */
  private final BloomFilterBuilder bloomFilter;

  ColumnChunkWriter(LeafColumn column, ParquetWriteOptions options) {
    this.column = column;
    this.options = options;
    this.compressor = PageCompressor.create(options.codec());
    this.codec = options.codec().thrift();
    // Deferred: subclass fields that define the order are not yet set while this runs.
    this.columnIndex = new ColumnIndexBuilder((a, b) -> statisticsOrder().compare(a, b));
    this.bloomFilter = options.bloomFilterColumns().contains(column.name())
        ? new BloomFilterBuilder(options.bloomFilterFpp()) : null;
  }

  LeafColumn column() {
    return column;
  }

  /** Appends rows {@code [from, to)} of {@code vector}. */
  final void append(FieldVector vector, int from, int to) throws IOException {
    for (int row = from; row < to; row++) {
      if (vector.isNull(row)) {
        if (!column.nullable()) {
          throw new IllegalArgumentException(
              "column '" + column.name() + "' is declared NOT NULL but row " + row
                  + " of the batch is null");
        }
        addDefinitionLevel(0);
        chunkNulls++;
        pageNulls++;
      } else {
        if (column.nullable()) {
          addDefinitionLevel(1);
        }
        appendValue(vector, row);
      }
      pageRows++;
      chunkValues++;
      if (pageRows >= MAX_PAGE_ROWS
          || bufferedValueBytes() + pageRows / 8 >= options.pageSizeBytes()) {
        flushPage();
      }
    }
  }

  /** Adds the non-null value at {@code row} to the current page and the statistics. */
  abstract void appendValue(FieldVector vector, int row);

  /** Rough encoded size of the current page's values, used to decide when to close the page. */
  abstract long bufferedValueBytes();

  /**
   * Writes the current page's values to {@code out}, forgets them and returns their encoding
   * ({@link Encoding#PLAIN} or {@link Encoding#RLE_DICTIONARY}).
   */
  abstract Encoding writePageValues(ByteArrayBuilder out);

  /** Writes the dictionary entries PLAIN-encoded and returns how many there are. */
  abstract int writeDictionaryValues(ByteArrayBuilder out);

  /** Sets min/max on {@code statistics} if the chunk had non-null values and they are exact. */
  abstract void fillMinMax(Statistics statistics);

  /** Forgets the dictionary and statistics, ready for the next row group. */
  abstract void resetChunk();

  /**
   * Returns the min/max of the current page's non-null values and forgets them, ready for the
   * next page. Null when the page had no non-null value or its bounds are not exact (NaN, a
   * binary value that cannot be bounded within the statistics limit).
   */
  abstract PageBounds takePageBounds();

  /** The sort order of the PLAIN bytes that {@link #takePageBounds()} returns. */
  abstract Comparator<byte[]> statisticsOrder();

  /** True when this column wants bloom filter hashes; subclasses skip hashing otherwise. */
  final boolean hasBloomFilter() {
    return bloomFilter != null;
  }

  /** Adds the hash of a non-null value's PLAIN encoding to the chunk's bloom filter. */
  final void addToBloomFilter(long hash) {
    bloomFilter.add(hash);
  }

  private void addDefinitionLevel(int level) {
    if (pageRows == definitionLevels.length) {
      definitionLevels = Arrays.copyOf(definitionLevels, pageRows * 2);
    }
    definitionLevels[pageRows] = level;
  }

  /** Compresses the current page and appends it, with its header, to the chunk buffer. */
  private void flushPage() throws IOException {
    if (pageRows == 0) {
      return;
    }
    pageBody.reset();
    if (column.nullable()) {
      // Data page v1: definition levels carry a 4-byte length prefix; max level 1 -> 1 bit.
      int lengthPosition = pageBody.size();
      pageBody.writeIntLE(0);
      RleBitPackedEncoder.encode(definitionLevels, pageRows, 1, pageBody);
      pageBody.putIntLE(lengthPosition, pageBody.size() - lengthPosition - 4);
    }
    Encoding encoding = writePageValues(pageBody);
    columnIndex.addPage(pageNulls, pageNulls == pageRows, takePageBounds());
    compressed.reset();
    compressor.compress(pageBody.array(), pageBody.size(), compressed);

    PageHeader pageHeader = new PageHeader(PageType.DATA_PAGE, pageBody.size(), compressed.size());
    pageHeader.setData_page_header(
        new DataPageHeader(pageRows, encoding, Encoding.RLE, Encoding.RLE));
    header.reset();
    Util.writePageHeader(pageHeader, header);
    offsetIndex.addPage(
        dataPages.size(), header.size() + compressed.size(), chunkValues - pageRows);
    dataPages.write(header.array(), 0, header.size());
    dataPages.write(compressed.array(), 0, compressed.size());
    dataPagesUncompressedBytes += header.size() + pageBody.size();
    dataPageEncodings.merge(encoding, 1, Integer::sum);
    pageRows = 0;
    pageNulls = 0;
  }

  boolean hasRows() {
    return chunkValues > 0;
  }

  /**
   * Writes the buffered chunk at the stream's current position and describes it, with its page
   * indexes and bloom filter (when the options ask for them) still to be written.
   */
  final WrittenChunk writeChunk(PositionedOutputStream out) throws IOException {
    flushPage();
    long start = out.position();
    long uncompressedBytes = dataPagesUncompressedBytes;
    long compressedBytes = dataPages.size();
    boolean hasDictionary = dataPageEncodings.containsKey(Encoding.RLE_DICTIONARY);
    if (hasDictionary) {
      pageBody.reset();
      int entries = writeDictionaryValues(pageBody);
      compressed.reset();
      compressor.compress(pageBody.array(), pageBody.size(), compressed);
      PageHeader pageHeader =
          new PageHeader(PageType.DICTIONARY_PAGE, pageBody.size(), compressed.size());
      pageHeader.setDictionary_page_header(new DictionaryPageHeader(entries, Encoding.PLAIN));
      header.reset();
      Util.writePageHeader(pageHeader, header);
      out.write(header.array(), 0, header.size());
      out.write(compressed.array(), 0, compressed.size());
      uncompressedBytes += header.size() + pageBody.size();
      compressedBytes += header.size() + compressed.size();
    }
    long dataPageOffset = out.position();
    out.write(dataPages.array(), 0, dataPages.size());

    ColumnMetaData metadata =
        new ColumnMetaData(
            column.physicalType(),
            encodings(hasDictionary),
            List.of(column.name()),
            codec,
            chunkValues,
            uncompressedBytes,
            compressedBytes,
            dataPageOffset);
    if (hasDictionary) {
      metadata.setDictionary_page_offset(start);
    }
    metadata.setStatistics(statistics());
    metadata.setEncoding_stats(encodingStats(hasDictionary));
    ColumnChunk chunk = new ColumnChunk(start);
    chunk.setMeta_data(metadata);
    WrittenChunk written = new WrittenChunk(
        chunk,
        options.pageIndexes() ? columnIndex.build() : null,
        options.pageIndexes() ? offsetIndex.build(dataPageOffset) : null,
        bloomFilter != null ? bloomFilter.build() : null);

    dataPages.reset();
    dataPagesUncompressedBytes = 0;
    dataPageEncodings.clear();
    chunkValues = 0;
    chunkNulls = 0;
    columnIndex.reset();
    offsetIndex.reset();
    if (bloomFilter != null) {
      bloomFilter.reset();
    }
    resetChunk();
    return written;
  }

  private List<Encoding> encodings(boolean hasDictionary) {
    List<Encoding> encodings = new ArrayList<>();
    if (hasDictionary || dataPageEncodings.containsKey(Encoding.PLAIN)) {
      encodings.add(Encoding.PLAIN);
    }
    if (hasDictionary) {
      encodings.add(Encoding.RLE_DICTIONARY);
    }
    if (column.nullable()) {
      encodings.add(Encoding.RLE);
    }
    return encodings;
  }

  private List<PageEncodingStats> encodingStats(boolean hasDictionary) {
    List<PageEncodingStats> stats = new ArrayList<>();
    if (hasDictionary) {
      stats.add(new PageEncodingStats(PageType.DICTIONARY_PAGE, Encoding.PLAIN, 1));
    }
    dataPageEncodings.forEach(
        (encoding, count) -> stats.add(new PageEncodingStats(PageType.DATA_PAGE, encoding, count)));
    return stats;
  }

  private Statistics statistics() {
    Statistics statistics = new Statistics();
    statistics.setNull_count(chunkNulls);
    if (chunkNulls < chunkValues) {
      fillMinMax(statistics);
    }
    return statistics;
  }
}
